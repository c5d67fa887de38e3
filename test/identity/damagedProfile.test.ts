import { expect } from "chai";
import { deleteField, updateDoc } from "firebase/firestore";
import { FieldValue } from "firebase-admin/firestore";
import { callables, userRef } from "../../client/src/index.js";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { signUp, personalTeamId } from "../helpers/clients.js";
import { expectDenied } from "../helpers/rules.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { addMember } from "../teams/fixtures.js";

/**
 * Issue 10.2: a member deleted `walletAddress` from their own profile (the rules allowed
 * `deleteField()`, the server's schema required the field), and every typed server read of
 * that profile threw: nobody could remove them, and deleting their account stopped at its
 * first step, leaving a ghost holding a seat.
 */
describe("identity: a member cannot make their profile unreadable to the server", function () {
  this.timeout(180_000);
  useEmptyEmulators();

  it("refuses removing walletAddress (or name, or updatedAt) from one's own profile", async () => {
    const bob = await signUp();
    const profile = userRef(bob.db, bob.uid);
    await expectDenied(updateDoc(profile, { walletAddress: deleteField() }));
    await expectDenied(updateDoc(profile, { name: deleteField() }));
    await expectDenied(updateDoc(profile, { updatedAt: deleteField() }));
    await expectDenied(updateDoc(profile, { name: "Bob", walletAddress: deleteField() }));
    expect((await adminDb().doc(`users/${bob.uid}`).get()).get("walletAddress")).to.equal(null);
  });

  describe("a profile damaged under the old rules (no walletAddress)", () => {
    it("can still be removed from a team, list its AI configs and create a team", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      await adminDb().doc(`users/${bob.uid}`).update({ walletAddress: FieldValue.delete() });

      const list = await callables(bob.functions).aiConfigs.list({});
      expect(list.activeProvider).to.equal(null);
      const { teamId: newTeam } = await callables(bob.functions).teams.create({ name: "Bob's second team" });
      expect((await adminDb().doc(`teams/${newTeam}`).get()).get("ownerId")).to.equal(bob.uid);

      await callables(alice.functions).teams.removeMember({ teamId, userId: bob.uid });
      expect((await adminDb().doc(`teams/${teamId}`).get()).get("memberIds")).to.deep.equal([alice.uid]);
      expect((await adminDb().doc(`users/${bob.uid}`).get()).get("teamIds")).to.not.include(teamId);
    });

    it("is fully deleted with its account: profile, keys and memberships", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      await callables(bob.functions).aiConfigs.save({ configs: [{ providerId: "OpenAI", apiKey: "sk-test-bob-key-0000000000000000" }] });
      await adminDb().doc(`users/${bob.uid}`).update({ walletAddress: FieldValue.delete() });

      await adminAuth().deleteUser(bob.uid);
      await eventually("bob's profile deletion", async () => !(await adminDb().doc(`users/${bob.uid}`).get()).exists, 60_000);
      // The profile goes in one of the cleanup's steps; the record's pendingSteps are written after all of them.
      await eventually(
        "the deletion record's first run",
        async () => ((await adminDb().doc(`userDeletions/${bob.uid}`).get()).get("attempts") as number) >= 1,
        60_000,
      );

      expect((await adminDb().doc(`teams/${teamId}/members/${bob.uid}`).get()).exists).to.equal(false);
      expect((await adminDb().doc(`teams/${teamId}`).get()).get("memberIds")).to.deep.equal([alice.uid]);
      expect((await adminDb().collection("secrets").where("uid", "==", bob.uid).get()).size).to.equal(0);
      expect((await adminDb().doc(`userDeletions/${bob.uid}`).get()).get("pendingSteps")).to.deep.equal([]);
    });
  });
});
