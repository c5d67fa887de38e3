import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { callables } from "../../client/src/index.js";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { signUp, personalTeamId } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { addMember } from "./fixtures.js";

const profileGone = (uid: string) => async () => !(await adminDb().doc(`users/${uid}`).get()).exists;

describe("teams: deleting an Auth user", function () {
  this.timeout(120_000);
  useEmptyEmulators();

  it("hands an owned team to the oldest admin and revokes the user's pending invitations", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    const carol = await addMember(alice, teamId);
    // Bob joined first, but Carol is the only admin: she inherits.
    const { teams } = callables(alice.functions);
    await teams.setRole({ teamId, userId: carol.uid, role: "admin" });
    await teams.removeMember({ teamId, userId: bob.uid });
    const { invitationId } = await teams.invite({ teamId, email: "pending@example.test" });

    await adminAuth().deleteUser(alice.uid);
    await eventually("alice's profile deletion", profileGone(alice.uid));

    const team = (await adminDb().doc(`teams/${teamId}`).get()).data();
    expect(team).to.include({ ownerId: carol.uid });
    expect(team?.memberIds).to.deep.equal([carol.uid]);
    expect((await adminDb().doc(`teams/${teamId}/members/${carol.uid}`).get()).get("role")).to.equal("owner");
    expect((await adminDb().doc(`teams/${teamId}/members/${alice.uid}`).get()).exists).to.equal(false);
    expect((await adminDb().doc(`invitations/${invitationId}`).get()).get("status")).to.equal("revoked");
  });

  it("hands an owned team without admins to the oldest member", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    const carol = await addMember(alice, teamId);
    // Make the order explicit: Carol joined before Bob.
    await adminDb()
      .doc(`teams/${teamId}/members/${carol.uid}`)
      .update({ joinedAt: Timestamp.fromMillis(Date.now() - 3600_000) });

    await adminAuth().deleteUser(alice.uid);
    await eventually("alice's profile deletion", profileGone(alice.uid));

    const team = (await adminDb().doc(`teams/${teamId}`).get()).data();
    expect(team).to.include({ ownerId: carol.uid });
    expect(team?.memberIds).to.have.members([bob.uid, carol.uid]);
    expect((await adminDb().doc(`teams/${teamId}/members/${bob.uid}`).get()).get("role")).to.equal("member");
  });

  it("deletes an owned team that has no other member, with its invitations", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: "someone@example.test" });

    await adminAuth().deleteUser(alice.uid);
    await eventually("alice's profile deletion", profileGone(alice.uid));

    expect((await adminDb().doc(`teams/${teamId}`).get()).exists).to.equal(false);
    expect((await adminDb().collection(`teams/${teamId}/members`).get()).size).to.equal(0);
    expect((await adminDb().doc(`teams/${teamId}/channels/general`).get()).exists).to.equal(false);
    expect((await adminDb().doc(`invitations/${invitationId}`).get()).exists).to.equal(false);
    expect((await adminDb().collection("invitationTokens").where("teamId", "==", teamId).get()).size).to.equal(0);
  });

  it("removes a deleted member from teams they do not own", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    const bobTeam = await personalTeamId(bob);

    await adminAuth().deleteUser(bob.uid);
    await eventually("bob's profile deletion", profileGone(bob.uid));

    const team = (await adminDb().doc(`teams/${teamId}`).get()).data();
    expect(team).to.include({ ownerId: alice.uid });
    expect(team?.memberIds).to.deep.equal([alice.uid]);
    expect((await adminDb().doc(`teams/${bobTeam}`).get()).exists).to.equal(false);
  });
});
