import { collection, doc, getDoc, getDocs, setDoc } from "firebase/firestore";
import { ALICE, SEED_TIME, castTeams } from "../helpers/cast.js";
import { clearAndSeed, expectDenied, firestoreAs } from "../helpers/rules.js";

// invitationTokens/{hash}, mail/{id}, teams/{teamId}/private/{doc}, users/{uid}/rateLimits/{doc}
// and memberCleanups/{id} are server-only: no rule opens them, so every access fails.
describe("rules: server-only team documents (invitation tokens, mail outbox, seats, rate limits)", () => {
  beforeEach(async () => {
    await clearAndSeed({
      ...castTeams("t1", "t2"),
      "teams/t1/private/seats": { changedAt: SEED_TIME },
      "invitationTokens/abc": { invitationId: "i1", teamId: "t1", createdAt: SEED_TIME },
      "mail/m1": { to: "dave@example.test", message: { subject: "s", text: "t", html: "h" } },
      "users/alice/rateLimits/invitations": { sentAt: [SEED_TIME] },
      "memberCleanups/c1": { teamId: "t1", uid: "alice", attempts: 0, retryAt: SEED_TIME, createdAt: SEED_TIME, updatedAt: SEED_TIME },
    });
  });

  const alice = () => firestoreAs(ALICE);

  for (const path of [
    "invitationTokens/abc",
    "mail/m1",
    "teams/t1/private/seats",
    "users/alice/rateLimits/invitations",
    "memberCleanups/c1",
  ]) {
    it(`denies the team owner reading ${path}`, async () => {
      await expectDenied(getDoc(doc(await alice(), path)));
    });

    it(`denies the team owner writing ${path}`, async () => {
      await expectDenied(setDoc(doc(await alice(), path), { any: "thing" }));
    });
  }

  it("denies listing the token hashes, the outbox and the member cleanups", async () => {
    await expectDenied(getDocs(collection(await alice(), "invitationTokens")));
    await expectDenied(getDocs(collection(await alice(), "mail")));
    await expectDenied(getDocs(collection(await alice(), "memberCleanups")));
  });
});
