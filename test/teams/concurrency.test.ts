import { expect } from "chai";
import { FieldValue } from "firebase-admin/firestore";
import { callables } from "../../client/src/index.js";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { signUp, uniqueEmail, signUpVerified, personalTeamId } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { addMember, tokenFromMail } from "./fixtures.js";

/** The error codes of the rejected results, and how many calls succeeded. */
function tally(results: PromiseSettledResult<unknown>[]) {
  const codes = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: string }).code] : []));
  return { succeeded: results.length - codes.length, codes };
}

describe("teams: the member limit under concurrency", function () {
  this.timeout(120_000);
  useEmptyEmulators();

  it("gives a 2-member team exactly 1 of 5 simultaneous invitations, sent by its two admins", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
    const emails = Array.from({ length: 5 }, () => uniqueEmail("racer"));

    // Two inviters, so that nothing but the team's seats orders the calls.
    const inviters = [alice, bob];
    const results = await Promise.allSettled(
      emails.map((email, i) => callables(inviters[i % 2].functions).teams.invite({ teamId, email })),
    );

    const { succeeded, codes } = tally(results);
    expect(succeeded).to.equal(1);
    expect(codes).to.deep.equal(Array(4).fill("functions/failed-precondition"));
    const pending = await adminDb().collection("invitations").where("teamId", "==", teamId).where("status", "==", "pending").get();
    expect(pending.size).to.equal(1);
    const mails = await adminDb().collection("mail").where("to", "in", emails).get();
    expect(mails.size).to.equal(1);
  });

  it("lets exactly 1 of 2 simultaneous accepts take the last seat", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const [ann, ben] = await Promise.all([signUpVerified(), signUpVerified()]);
    await callables(alice.functions).teams.invite({ teamId, email: ann.email });
    await callables(alice.functions).teams.invite({ teamId, email: ben.email });
    const [annToken, benToken] = await Promise.all([tokenFromMail(ann.email), tokenFromMail(ben.email)]);
    // Someone took a seat behind the invitations' back (e.g. data from before the limit):
    // two invitations now compete for the one seat left.
    const carl = await signUp();
    await adminDb().runTransaction(async (tx) => {
      tx.set(adminDb().doc(`teams/${teamId}/members/${carl.uid}`), {
        role: "member",
        name: "Carl",
        email: carl.email,
        joinedAt: FieldValue.serverTimestamp(),
      });
      tx.update(adminDb().doc(`teams/${teamId}`), { memberIds: FieldValue.arrayUnion(carl.uid) });
    });

    const results = await Promise.allSettled([
      callables(ann.functions).invitations.accept({ token: annToken }),
      callables(ben.functions).invitations.accept({ token: benToken }),
    ]);

    const { succeeded, codes } = tally(results);
    expect(succeeded).to.equal(1);
    expect(codes).to.deep.equal(["functions/failed-precondition"]);
    const team = (await adminDb().doc(`teams/${teamId}`).get()).data();
    expect(team?.memberIds).to.have.length(3);
    const members = await adminDb().collection(`teams/${teamId}/members`).get();
    expect(members.size).to.equal(3);
    const joined = results[0].status === "fulfilled" ? ann : ben;
    const refused = joined === ann ? ben : ann;
    expect((await adminDb().doc(`users/${joined.uid}`).get()).get("teamIds")).to.include(teamId);
    expect((await adminDb().doc(`users/${refused.uid}`).get()).get("teamIds")).to.not.include(teamId);
  });

  it("never lets simultaneous invitations and an accept exceed the limit", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await signUpVerified();
    await callables(alice.functions).teams.invite({ teamId, email: bob.email });
    const token = await tokenFromMail(bob.email);

    await Promise.allSettled([
      callables(bob.functions).invitations.accept({ token }),
      ...Array.from({ length: 3 }, () => callables(alice.functions).teams.invite({ teamId, email: uniqueEmail("late") })),
    ]);

    const team = (await adminDb().doc(`teams/${teamId}`).get()).data();
    const pending = await adminDb().collection("invitations").where("teamId", "==", teamId).where("status", "==", "pending").get();
    expect(team?.memberIds.length + pending.size).to.equal(3);
  });

  it("never leaves a profile listing a deleted team when the owner's account deletion races an accept (12 trials)", async () => {
    /** A trial's cast: Alice, alone in her team, has invited Bob (verified), who holds the token. */
    async function prepare() {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await signUpVerified();
      await callables(alice.functions).teams.invite({ teamId, email: bob.email });
      return { alice, bob, teamId, token: await tokenFromMail(bob.email) };
    }

    /** One trial: Alice's account is deleted while Bob accepts, `acceptDelayMs` later. */
    async function race({ alice, bob, teamId, token }: Awaited<ReturnType<typeof prepare>>, acceptDelayMs: number) {
      const accepting = new Promise((resolve) => setTimeout(resolve, acceptDelayMs)).then(() =>
        callables(bob.functions).invitations.accept({ token }),
      );
      const [, accept] = await Promise.allSettled([adminAuth().deleteUser(alice.uid), accepting]);
      await eventually("Alice's cleanup to finish", async () => !(await adminDb().doc(`users/${alice.uid}`).get()).exists, 60_000);

      const team = await adminDb().doc(`teams/${teamId}`).get();
      const bobTeams = (await adminDb().doc(`users/${bob.uid}`).get()).get("teamIds") as string[];
      for (const id of bobTeams) expect((await adminDb().doc(`teams/${id}`).get()).exists, `Bob's team ${id} exists`).to.equal(true);
      if (accept.status === "fulfilled") {
        // Bob joined before the deletion was decided: he inherited the team.
        expect(team.get("ownerId")).to.equal(bob.uid);
        expect(bobTeams).to.include(teamId);
        return "joined";
      }
      expect(["functions/failed-precondition", "functions/not-found"]).to.include((accept.reason as { code: string }).code);
      expect(team.exists).to.equal(false);
      expect(bobTeams).to.not.include(teamId);
      return "refused";
    }

    // Three rounds of four races side by side (the sign-ups before each round one at a time, so
    // that only the races compete), the accept delayed a little more in each trial, so that it
    // lands before, inside and after the deletion's deciding transaction.
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const casts = [];
      for (let i = 0; i < 4; i++) casts.push(await prepare());
      outcomes.push(...(await Promise.all(casts.map((cast, i) => race(cast, (round * 4 + i) * 60)))));
    }
    expect(outcomes).to.have.length(12);
  });
});
