import { expect } from "chai";
import { getDoc, updateDoc } from "firebase/firestore";
import { callables, memberRef, userRef } from "../../client/src/index.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { newClient, signUp, uniqueEmail, signUpVerified, personalTeamId } from "../helpers/clients.js";
import { addMember, teamState, tokenFromMail } from "./fixtures.js";
import { expectCallError } from "../helpers/callables.js";
import { useEmptyEmulators } from "../helpers/suite.js";

const profileOf = async (uid: string) => (await adminDb().doc(`users/${uid}`).get()).data();
const teamOf = async (teamId: string) => (await adminDb().doc(`teams/${teamId}`).get()).data();
const memberOf = async (teamId: string, uid: string) => (await adminDb().doc(`teams/${teamId}/members/${uid}`).get()).data();

describe("teams: create, rename, roles, removal, leaving, ownership", function () {
  this.timeout(120_000);
  useEmptyEmulators();

  describe("teams-create", () => {
    it("creates a team owned by the caller with its general channel and adds it to teamIds", async () => {
      const alice = await signUp();
      const personal = await personalTeamId(alice);
      const aliceName = (await profileOf(alice.uid))?.name;
      const { teamId } = await callables(alice.functions).teams.create({ name: "  Launch crew  " });

      expect(await teamOf(teamId))
        .to.include({ name: "Launch crew", ownerId: alice.uid })
        .and.to.have.deep.property("memberIds", [alice.uid]);
      expect(await memberOf(teamId, alice.uid)).to.include({ role: "owner", name: aliceName, email: alice.email });
      expect((await adminDb().doc(`teams/${teamId}/channels/general`).get()).data()).to.include({ name: "general", createdBy: alice.uid });
      const profile = await profileOf(alice.uid);
      expect(profile?.teamIds).to.have.members([personal, teamId]);
      expect(profile?.defaultTeamId).to.equal(personal);
    });

    it("refuses a signed-out caller with unauthenticated", async () => {
      await expectCallError(callables(newClient().functions).teams.create({ name: "X" }), "unauthenticated");
    });

    for (const [label, input] of [
      ["a missing name", {}],
      ["an empty name", { name: "   " }],
      ["a name over 100 characters", { name: "x".repeat(101) }],
      ["a number as name", { name: 7 }],
      ["an unknown field", { name: "ok", ownerId: "someone" }],
    ] as const) {
      it(`refuses ${label} with invalid-argument naming the field`, async () => {
        const alice = await signUp();
        const err = await expectCallError(alice.call("teams-create", input), "invalid-argument");
        expect(err.message).to.match(/name|ownerId/);
        expect((await profileOf(alice.uid))?.teamIds).to.have.length(1);
      });
    }
  });

  describe("teams-update", () => {
    it("lets the owner and an admin rename the team; pending invitations show the new name", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
      await callables(alice.functions).teams.invite({ teamId, email: "later@example.test" });

      await callables(alice.functions).teams.update({ teamId, name: "Renamed by owner" });
      expect((await teamOf(teamId))?.name).to.equal("Renamed by owner");
      await callables(bob.functions).teams.update({ teamId, name: "Renamed by admin" });
      expect((await teamOf(teamId))?.name).to.equal("Renamed by admin");
      const invitation = await adminDb().collection("invitations").where("email", "==", "later@example.test").get();
      expect(invitation.docs[0].get("teamName")).to.equal("Renamed by admin");
    });

    it("refuses a plain member with permission-denied and a non-member too", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      const carol = await signUp();
      const before = await teamState(teamId);
      await expectCallError(callables(bob.functions).teams.update({ teamId, name: "Mine now" }), "permission-denied");
      await expectCallError(callables(carol.functions).teams.update({ teamId, name: "Mine now" }), "permission-denied");
      expect(await teamState(teamId)).to.deep.equal(before);
    });

    it("answers not-found for a team that does not exist", async () => {
      const alice = await signUp();
      await expectCallError(callables(alice.functions).teams.update({ teamId: "no-such-team", name: "X" }), "not-found");
    });

    it("refuses bad input with invalid-argument", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      await expectCallError(callables(alice.functions).teams.update({ teamId, name: "" }), "invalid-argument", /name/);
      await expectCallError(callables(alice.functions).teams.update({ teamId: "a/b", name: "X" }), "invalid-argument", /teamId/);
      await expectCallError(alice.call("teams-update", { name: "X" }), "invalid-argument", /teamId/);
    });
  });

  describe("teams-setRole and teams-transferOwnership", () => {
    it("lets the owner make a member admin and back", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
      expect((await memberOf(teamId, bob.uid))?.role).to.equal("admin");
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "member" });
      expect((await memberOf(teamId, bob.uid))?.role).to.equal("member");
    });

    it("refuses an admin changing roles, making a second owner, or changing the owner's role", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      const carol = await addMember(alice, teamId);
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
      const before = await teamState(teamId);
      await expectCallError(callables(bob.functions).teams.setRole({ teamId, userId: carol.uid, role: "admin" }), "permission-denied");
      await expectCallError(alice.call("teams-setRole", { teamId, userId: carol.uid, role: "owner" }), "invalid-argument", /role/);
      await expectCallError(
        callables(alice.functions).teams.setRole({ teamId, userId: alice.uid, role: "member" }),
        "failed-precondition",
        /transfer/i,
      );
      await expectCallError(callables(alice.functions).teams.setRole({ teamId, userId: "not-a-member", role: "admin" }), "not-found");
      expect(await teamState(teamId)).to.deep.equal(before);
    });

    it("transfers ownership: the new owner is owner everywhere, the old one an admin", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      await callables(alice.functions).teams.transferOwnership({ teamId, userId: bob.uid });
      expect((await teamOf(teamId))?.ownerId).to.equal(bob.uid);
      expect((await memberOf(teamId, bob.uid))?.role).to.equal("owner");
      expect((await memberOf(teamId, alice.uid))?.role).to.equal("admin");
      await callables(alice.functions).teams.leave({ teamId });
      expect((await teamOf(teamId))?.memberIds).to.deep.equal([bob.uid]);
    });

    it("refuses a transfer by a non-owner, to a non-member, to oneself, or with bad input", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      const before = await teamState(teamId);
      await expectCallError(callables(bob.functions).teams.transferOwnership({ teamId, userId: bob.uid }), "permission-denied");
      await expectCallError(callables(alice.functions).teams.transferOwnership({ teamId, userId: "stranger" }), "not-found");
      await expectCallError(callables(alice.functions).teams.transferOwnership({ teamId, userId: alice.uid }), "failed-precondition");
      await expectCallError(alice.call("teams-transferOwnership", { teamId }), "invalid-argument", /userId/);
      expect(await teamState(teamId)).to.deep.equal(before);
    });
  });

  describe("member names", () => {
    it("follow the user's profile name in every team they belong to", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      await updateDoc(userRef(bob.db, bob.uid), { name: "Robert" });
      await eventually("Bob's new name in Alice's team", async () => (await memberOf(teamId, bob.uid))?.name === "Robert");
      await eventually(
        "Bob's new name in his own team",
        async () => (await memberOf(await personalTeamId(bob), bob.uid))?.name === "Robert",
      );
      const seenByAlice = await getDoc(memberRef(alice.db, teamId, bob.uid));
      expect(seenByAlice.get("name")).to.equal("Robert");
    });
  });

  describe("teams-removeMember and teams-leave", () => {
    it("removes a member from the team and from their teamIds, and keeps their default team valid", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      const bobPersonal = await personalTeamId(bob);
      // Bob's default becomes the shared team; removing him must point it back at his own team.
      await adminDb().doc(`users/${bob.uid}`).update({ defaultTeamId: teamId });
      await adminDb().doc(`teams/${teamId}/members/${bob.uid}/reads/general`).set({ lastReadAt: new Date() });

      await callables(alice.functions).teams.removeMember({ teamId, userId: bob.uid });
      expect((await teamOf(teamId))?.memberIds).to.deep.equal([alice.uid]);
      expect(await memberOf(teamId, bob.uid)).to.equal(undefined);
      expect((await adminDb().doc(`teams/${teamId}/members/${bob.uid}/reads/general`).get()).exists).to.equal(false);
      const profile = await profileOf(bob.uid);
      expect(profile?.teamIds).to.deep.equal([bobPersonal]);
      expect(profile?.defaultTeamId).to.equal(bobPersonal);
    });

    it("denies an admin removing the owner or another admin, and a member removing anyone", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      const carol = await addMember(alice, teamId);
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
      await callables(alice.functions).teams.setRole({ teamId, userId: carol.uid, role: "admin" });
      const before = await teamState(teamId);
      await expectCallError(callables(bob.functions).teams.removeMember({ teamId, userId: alice.uid }), "permission-denied", /owner/);
      await expectCallError(callables(bob.functions).teams.removeMember({ teamId, userId: carol.uid }), "permission-denied", /admin/);
      await expectCallError(callables(alice.functions).teams.removeMember({ teamId, userId: alice.uid }), "permission-denied", /owner/);
      await callables(alice.functions).teams.setRole({ teamId, userId: carol.uid, role: "member" });
      await expectCallError(callables(carol.functions).teams.removeMember({ teamId, userId: bob.uid }), "permission-denied");
      await expectCallError(callables(alice.functions).teams.removeMember({ teamId, userId: "stranger" }), "not-found");
      await expectCallError(alice.call("teams-removeMember", { teamId, userId: 42 }), "invalid-argument", /userId/);
      const after = (await teamState(teamId)) as { members: Record<string, { role: string }> };
      expect(after.members[carol.uid].role).to.equal("member");
      expect(Object.keys(after.members)).to.have.members(Object.keys((before as typeof after).members));
    });

    it("lets an admin remove a plain member", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      const carol = await addMember(alice, teamId);
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
      await callables(bob.functions).teams.removeMember({ teamId, userId: carol.uid });
      expect((await teamOf(teamId))?.memberIds).to.have.members([alice.uid, bob.uid]);
    });

    it("lets a member leave, removing the membership and the teamIds entry", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      await callables(bob.functions).teams.leave({ teamId });
      expect((await teamOf(teamId))?.memberIds).to.deep.equal([alice.uid]);
      expect((await profileOf(bob.uid))?.teamIds).to.not.include(teamId);
    });

    it("refuses the owner leaving before a transfer, a non-member leaving, and bad input", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const carol = await signUp();
      const before = await teamState(teamId);
      await expectCallError(callables(alice.functions).teams.leave({ teamId }), "failed-precondition", /transfer/i);
      await expectCallError(callables(carol.functions).teams.leave({ teamId }), "permission-denied");
      await expectCallError(alice.call("teams-leave", {}), "invalid-argument", /teamId/);
      expect(await teamState(teamId)).to.deep.equal(before);
    });

    it("points defaultTeamId to null when a user leaves their only team", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      // Bob's profile lists only the shared team (as for a user whose own team was deleted).
      await adminDb()
        .doc(`users/${bob.uid}`)
        .update({ teamIds: [teamId], defaultTeamId: teamId });
      await callables(bob.functions).teams.leave({ teamId });
      expect(await profileOf(bob.uid))
        .to.include({ defaultTeamId: null })
        .and.to.have.deep.property("teamIds", []);
    });
  });
  describe("an inviter's pending invitations end with their admin rights", () => {
    /** Alice's team with Bob as admin, who has invited `email` (the team's third seat). */
    async function adminWhoInvited(email = uniqueEmail("bobs-guest")) {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
      const { invitationId } = await callables(bob.functions).teams.invite({ teamId, email });
      return { alice, bob, teamId, invitationId };
    }
    const statusOf = async (id: string) => (await adminDb().doc(`invitations/${id}`).get()).get("status") as string;

    it("revokes them when the admin is removed, so the removed admin cannot come back through one", async () => {
      // The attack: Bob invites an address he controls, is removed, then accepts his own link.
      const comeback = await signUpVerified();
      const { alice, bob, teamId, invitationId } = await adminWhoInvited(comeback.email);
      const token = await tokenFromMail(comeback.email);

      await callables(alice.functions).teams.removeMember({ teamId, userId: bob.uid });
      expect(await statusOf(invitationId)).to.equal("revoked");
      await expectCallError(callables(comeback.functions).invitations.accept({ token }), "failed-precondition", /revoked/);
      expect((await teamOf(teamId))?.memberIds).to.deep.equal([alice.uid]);
    });

    it("revokes them when the admin leaves, and keeps other inviters' and other teams' invitations", async () => {
      const { alice, bob, teamId, invitationId } = await adminWhoInvited();
      const bobTeam = await personalTeamId(bob);
      const inOwnTeam = await callables(bob.functions).teams.invite({ teamId: bobTeam, email: uniqueEmail("bobs-own") });
      const fromAlice = adminDb().collection("invitations").doc();
      const invitation = (await adminDb().doc(`invitations/${invitationId}`).get()).data();
      await fromAlice.set({ ...invitation, invitedBy: alice.uid, email: uniqueEmail("alices-guest") });

      await callables(bob.functions).teams.leave({ teamId });
      expect(await statusOf(invitationId)).to.equal("revoked");
      expect(await statusOf(fromAlice.id)).to.equal("pending");
      expect(await statusOf(inOwnTeam.invitationId)).to.equal("pending");
    });

    it("revokes them when the admin is made a plain member, not when an admin is made admin again", async () => {
      const { alice, bob, teamId, invitationId } = await adminWhoInvited();
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
      expect(await statusOf(invitationId)).to.equal("pending");
      await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "member" });
      expect(await statusOf(invitationId)).to.equal("revoked");
      const token = await tokenFromMail((await adminDb().doc(`invitations/${invitationId}`).get()).get("email") as string);
      await expectCallError(callables(newClient().functions).invitations.decline({ token }), "failed-precondition", /revoked/);
    });
  });

  describe("how many teams one account may own and belong to", () => {
    it("refuses teams-create beyond 10 owned teams, and leaves nothing behind", async () => {
      const alice = await signUp();
      for (let i = 0; i < 9; i++) await callables(alice.functions).teams.create({ name: `Team ${i}` });
      expect((await profileOf(alice.uid))?.teamIds).to.have.length(10);
      const err = await expectCallError(
        callables(alice.functions).teams.create({ name: "Eleventh" }),
        "failed-precondition",
        /own 10 teams/,
      );
      expect(err.details).to.deep.equal({ reason: "owned-team-limit", limit: 10 });
      expect((await profileOf(alice.uid))?.teamIds).to.have.length(10);
      expect((await adminDb().collection("teams").where("ownerId", "==", alice.uid).get()).size).to.equal(10);
    });

    it("refuses joining or creating beyond 20 teams in all", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await signUpVerified();
      // Bob already belongs to 20 teams (his own and 19 others, seeded).
      const others = Array.from({ length: 19 }, (_, i) => `other-team-${i}`);
      await adminDb()
        .doc(`users/${bob.uid}`)
        .update({ teamIds: [await personalTeamId(bob), ...others] });
      await callables(alice.functions).teams.invite({ teamId, email: bob.email });
      const before = await teamState(teamId);
      const err = await expectCallError(
        callables(bob.functions).invitations.accept({ token: await tokenFromMail(bob.email) }),
        "failed-precondition",
        /20 teams/,
      );
      expect(err.details).to.deep.equal({ reason: "team-limit", limit: 20 });
      expect(await teamState(teamId)).to.deep.equal(before);
      await expectCallError(callables(bob.functions).teams.create({ name: "One more" }), "failed-precondition", /20 teams/);
      expect((await profileOf(bob.uid))?.teamIds).to.have.length(20);
    });

    it("refuses handing a team to someone who already owns 10", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const bob = await addMember(alice, teamId);
      for (let i = 0; i < 9; i++) await callables(bob.functions).teams.create({ name: `Bob ${i}` });
      const before = await teamState(teamId);
      const err = await expectCallError(
        callables(alice.functions).teams.transferOwnership({ teamId, userId: bob.uid }),
        "failed-precondition",
        /own 10 teams/,
      );
      expect(err.details).to.include({ reason: "owned-team-limit" });
      expect(await teamState(teamId)).to.deep.equal(before);
    });
  });

  describe("ids and names Firestore or a reader could be fooled by", () => {
    for (const [name, input, field] of [
      ["teams-update", { teamId: "__x__", name: "X" }, /teamId/],
      ["teams-update", { teamId: "..", name: "X" }, /teamId/],
      ["teams-update", { teamId: ".", name: "X" }, /teamId/],
      ["teams-update", { teamId: "x".repeat(1501), name: "X" }, /teamId/],
      ["teams-leave", { teamId: "__x__" }, /teamId/],
      ["teams-removeMember", { teamId: "t", userId: "__x__" }, /userId/],
      ["teams-setRole", { teamId: "..", userId: "u", role: "admin" }, /teamId/],
      ["teams-transferOwnership", { teamId: "t", userId: "." }, /userId/],
    ] as const) {
      it(`${name} refuses ${JSON.stringify(input).slice(0, 60)} with invalid-argument, not internal`, async () => {
        const alice = await signUp();
        await expectCallError(alice.call(name, input), "invalid-argument", field);
      });
    }

    for (const [label, bad] of [
      ["a line break", "Team\r\nBcc: victim@example.test"],
      ["a NUL", "Team\u0000"],
      ["a right-to-left override", "Invoice \u202Egnp.exe"],
      ["a zero-width space", "Pay\u200Bpal"],
      ["a bidi isolate", "Team \u2066x\u2069"],
      ["a Hangul filler", "\u3164"],
      ["a byte-order mark inside", "Te\uFEFFam"],
    ] as const) {
      it(`refuses a team name with ${label} in teams-create and teams-update`, async () => {
        const alice = await signUp();
        const teamId = await personalTeamId(alice);
        const before = await teamState(teamId);
        await expectCallError(
          callables(alice.functions).teams.create({ name: bad }),
          "invalid-argument",
          /name: must not contain control, bidi or invisible/,
        );
        await expectCallError(callables(alice.functions).teams.update({ teamId, name: bad }), "invalid-argument", /name/);
        expect(await teamState(teamId)).to.deep.equal(before);
        expect((await profileOf(alice.uid))?.teamIds).to.have.length(1);
      });
    }

    it("accepts names in any script, with emoji and accents", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      for (const name of ["Équipe été", "فريق التسويق", "チーム 🚀", "Zoë's crew"]) {
        await callables(alice.functions).teams.update({ teamId, name });
        expect((await teamOf(teamId))?.name).to.equal(name);
      }
    });
  });
});
