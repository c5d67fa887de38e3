import { Timestamp, collection, doc, getDoc, getDocs, setDoc } from "firebase/firestore";
import { expectDenied, rulesEnv, seed } from "../helpers/rules.js";

const at = Timestamp.fromDate(new Date("2026-01-01T00:00:00Z"));

// invitationTokens/{hash}, mail/{id}, teams/{teamId}/private/{doc} and
// users/{uid}/rateLimits/{doc} are server-only: no rule opens them, so every access fails.
describe("rules: server-only team documents (invitation tokens, mail outbox, seats, rate limits)", () => {
  beforeEach(async () => {
    const env = await rulesEnv();
    await env.clearFirestore();
    await seed({
      "teams/t1": { name: "Team One", ownerId: "alice", memberIds: ["alice"], createdAt: at },
      "teams/t1/members/alice": { role: "owner", name: "Alice", email: "alice@example.test", joinedAt: at },
      "teams/t1/private/seats": { changedAt: at },
      "invitationTokens/abc": { invitationId: "i1", teamId: "t1", createdAt: at },
      "mail/m1": { to: "dave@example.test", message: { subject: "s", text: "t", html: "h" } },
      "users/alice/rateLimits/invitations": { sentAt: [at] },
    });
  });

  const alice = async () => (await rulesEnv()).authenticatedContext("alice").firestore();

  for (const path of ["invitationTokens/abc", "mail/m1", "teams/t1/private/seats", "users/alice/rateLimits/invitations"]) {
    it(`denies the team owner reading ${path}`, async () => {
      await expectDenied(getDoc(doc(await alice(), path)));
    });

    it(`denies the team owner writing ${path}`, async () => {
      await expectDenied(setDoc(doc(await alice(), path), { any: "thing" }));
    });
  }

  it("denies listing the token hashes and the outbox", async () => {
    await expectDenied(getDocs(collection(await alice(), "invitationTokens")));
    await expectDenied(getDocs(collection(await alice(), "mail")));
  });
});
