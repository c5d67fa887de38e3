import { expect } from "chai";
import { createHash } from "node:crypto";
import { Timestamp as AdminTimestamp } from "firebase-admin/firestore";
import { getDoc, getDocs, onSnapshot, query, updateDoc, where, type DocumentData } from "firebase/firestore";
import {
  callables,
  invitations,
  isEmailNotVerifiedError,
  isRetryLaterError,
  members,
  retryAfterMs,
  teamRef,
  userRef,
} from "../../client/src/index.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { newClient, signUp, uniqueEmail, verifyEmail, signUpVerified, personalTeamId } from "../helpers/clients.js";
import { addMember, teamState, tokenFromMail } from "./fixtures.js";
import { expectCallError } from "../helpers/callables.js";
import { useEmptyEmulators } from "../helpers/suite.js";

const invitationDoc = (id: string) => adminDb().doc(`invitations/${id}`);
const mailTo = async (email: string) => (await adminDb().collection("mail").where("to", "==", email).get()).docs;

describe("invitations: invite, read, accept, decline, revoke", function () {
  this.timeout(120_000);
  useEmptyEmulators();

  it("runs the whole flow: invite → outbox mail with link → sign-up → get → accept → both see the team live", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const daveEmail = uniqueEmail("dave");
    // Names are user-chosen: the email must escape them.
    await updateDoc(userRef(alice.db, alice.uid), { name: "Alice <Owner>" });
    await callables(alice.functions).teams.update({ teamId, name: "Alice's <Team>" });

    // Alice watches her team's member list from the start.
    const aliceSees: string[][] = [];
    onSnapshot(members(alice.db, teamId), (snap) => aliceSees.push(snap.docs.map((d) => d.id)));

    const result = await callables(alice.functions).teams.invite({ teamId, email: `  ${daveEmail.toUpperCase()} ` });
    expect(Date.parse(result.expiresAt) - Date.now()).to.be.closeTo(7 * 24 * 3600 * 1000, 120_000);

    const invitation = (await invitationDoc(result.invitationId).get()).data();
    expect(invitation).to.include({
      teamId,
      teamName: "Alice's <Team>",
      email: daveEmail,
      status: "pending",
      invitedBy: alice.uid,
      invitedByName: "Alice <Owner>",
    });
    expect(invitation?.expiresAt.toDate().toISOString()).to.equal(result.expiresAt);

    const [mail] = await mailTo(daveEmail);
    const token = await tokenFromMail(daveEmail);
    expect(token).to.have.length.greaterThan(40);
    // User-written names stay out of the subject and are quoted in the body.
    expect(mail.get("message.subject")).to.equal("You are invited to join a team on PixaSocial");
    expect(mail.get("message.text")).to.contain("“Alice <Owner>”").and.to.contain("“Alice's <Team>”");
    expect(mail.get("message.text")).to.contain(`http://localhost:5173/invite/${token}`);
    expect(mail.get("message.html"))
      .to.contain(`href="http://localhost:5173/invite/${token}"`)
      .and.to.contain("Alice &lt;Owner&gt;")
      .and.to.contain("Alice&#39;s &lt;Team&gt;");
    // The token is stored nowhere readable: the invitation holds no trace of it; only its hash is a key.
    expect(JSON.stringify(invitation)).not.to.contain(token);
    const hash = createHash("sha256").update(token).digest("hex");
    expect((await adminDb().doc(`invitationTokens/${hash}`).get()).get("invitationId")).to.equal(result.invitationId);

    // Dave signs up with the invited address, then anyone holding the token can read the invitation.
    const dave = await signUpVerified({ email: daveEmail });
    await updateDoc(userRef(dave.db, dave.uid), { name: "Dave" });
    const seen = await callables(newClient().functions).invitations.get({ token });
    expect(seen).to.deep.equal({
      teamId,
      teamName: "Alice's <Team>",
      email: daveEmail,
      invitedByName: "Alice <Owner>",
      status: "pending",
      expiresAt: result.expiresAt,
    });

    const daveProfiles: DocumentData[] = [];
    onSnapshot(userRef(dave.db, dave.uid), (snap) => daveProfiles.push(snap.data() ?? {}));

    expect(await callables(dave.functions).invitations.accept({ token })).to.deep.equal({ teamId });

    await eventually("Alice's live member list to show Dave", async () => aliceSees.at(-1)?.includes(dave.uid));
    await eventually("Dave's live profile to list the team", async () => daveProfiles.at(-1)?.teamIds?.includes(teamId));
    const team = await getDoc(teamRef(dave.db, teamId));
    expect(team.data()?.memberIds).to.have.members([alice.uid, dave.uid]);
    const daveSees = await new Promise<string[]>((resolve) => {
      onSnapshot(members(dave.db, teamId), (snap) => resolve(snap.docs.map((d) => d.id)));
    });
    expect(daveSees).to.have.members([alice.uid, dave.uid]);
    expect((await adminDb().doc(`teams/${teamId}/members/${dave.uid}`).get()).data()).to.include({
      role: "member",
      name: "Dave",
      email: daveEmail,
    });
    expect((await invitationDoc(result.invitationId).get()).get("status")).to.equal("accepted");
    expect((await callables(newClient().functions).invitations.get({ token })).status).to.equal("accepted");
  });

  it("lets the owner and an admin list the team's invitations through the SDK, but not a member", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    await callables(alice.functions).teams.invite({ teamId, email: uniqueEmail("x") });
    const list = (db: typeof alice.db) => getDocs(query(invitations(db), where("teamId", "==", teamId)));
    expect((await list(alice.db)).size).to.equal(2);
    await expectDenied(list(bob.db));
    await callables(alice.functions).teams.setRole({ teamId, userId: bob.uid, role: "admin" });
    expect((await list(bob.db)).size).to.equal(2);
  });

  it("denies a member inviting, and changes nothing", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    const before = await teamState(teamId);
    await expectCallError(callables(bob.functions).teams.invite({ teamId, email: "eve@example.test" }), "permission-denied");
    expect(await teamState(teamId)).to.deep.equal(before);
    expect(await mailTo("eve@example.test")).to.have.length(0);
  });

  it("denies a non-member inviting into, or reading, someone else's team", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const mallory = await signUp();
    await expectCallError(callables(mallory.functions).teams.invite({ teamId, email: mallory.email }), "permission-denied");
    const denied = await getDoc(teamRef(mallory.db, teamId)).then(
      () => null,
      (e: { code: string }) => e.code,
    );
    expect(denied).to.equal("permission-denied");
  });

  it("denies accepting with another email, and leaves the invitation pending", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: "invitee@example.test" });
    const token = await tokenFromMail("invitee@example.test");
    const mallory = await signUp();
    const before = await teamState(teamId);
    await expectCallError(callables(mallory.functions).invitations.accept({ token }), "permission-denied", /different email/);
    expect(await teamState(teamId)).to.deep.equal(before);
    expect((await invitationDoc(invitationId).get()).get("status")).to.equal("pending");
    expect((await adminDb().doc(`users/${mallory.uid}`).get()).get("teamIds")).to.not.include(teamId);
  });

  it("refuses accepting with the invited address while it is unverified, then accepts once it is verified", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    // Whoever registers the invited address with a password, without owning the mailbox, and
    // holds a leaked link must not join as that person.
    const squatter = await signUp();
    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: squatter.email });
    const token = await tokenFromMail(squatter.email);
    const before = await teamState(teamId);

    const err = await expectCallError(
      callables(squatter.functions).invitations.accept({ token }),
      "failed-precondition",
      /verify your email/i,
    );
    expect(err.details).to.deep.equal({ reason: "email-not-verified" });
    expect(isEmailNotVerifiedError(err), "the package's helper for the frontend").to.equal(true);
    expect(await teamState(teamId)).to.deep.equal(before);
    expect((await invitationDoc(invitationId).get()).get("status")).to.equal("pending");
    expect((await adminDb().doc(`users/${squatter.uid}`).get()).get("teamIds")).to.not.include(teamId);

    await verifyEmail(squatter);
    expect(await callables(squatter.functions).invitations.accept({ token })).to.deep.equal({ teamId });
    expect((await adminDb().doc(`teams/${teamId}`).get()).get("memberIds")).to.include(squatter.uid);
  });

  it("refuses accepting twice with failed-precondition", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    const token = await tokenFromMail(bob.email);
    const before = await teamState(teamId);
    await expectCallError(callables(bob.functions).invitations.accept({ token }), "failed-precondition", /already been used/);
    expect(await teamState(teamId)).to.deep.equal(before);
  });

  it("refuses an expired invitation with failed-precondition and marks it expired", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const dave = await signUp();
    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: dave.email });
    const token = await tokenFromMail(dave.email);
    await invitationDoc(invitationId).update({ expiresAt: AdminTimestamp.fromMillis(Date.now() - 1000) });

    expect((await callables(newClient().functions).invitations.get({ token })).status).to.equal("expired");
    await expectCallError(callables(dave.functions).invitations.accept({ token }), "failed-precondition", /expired/);
    expect((await invitationDoc(invitationId).get()).get("status")).to.equal("expired");
    expect((await adminDb().doc(`teams/${teamId}`).get()).get("memberIds")).to.deep.equal([alice.uid]);
    await expectCallError(callables(newClient().functions).invitations.decline({ token }), "failed-precondition", /expired/);
  });

  it("revokes a pending invitation (owner/admin only); the revoked token is refused", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    const dave = await signUp();
    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: dave.email });
    const token = await tokenFromMail(dave.email);

    await expectCallError(callables(bob.functions).teams.revokeInvitation({ invitationId }), "permission-denied");
    await expectCallError(callables(dave.functions).teams.revokeInvitation({ invitationId }), "permission-denied");
    expect((await invitationDoc(invitationId).get()).get("status")).to.equal("pending");

    expect(await callables(alice.functions).teams.revokeInvitation({ invitationId })).to.deep.equal({});
    expect((await invitationDoc(invitationId).get()).get("status")).to.equal("revoked");
    await expectCallError(callables(dave.functions).invitations.accept({ token }), "failed-precondition", /revoked/);
    await expectCallError(callables(alice.functions).teams.revokeInvitation({ invitationId }), "failed-precondition", /revoked/);
    await expectCallError(callables(alice.functions).teams.revokeInvitation({ invitationId: "nope" }), "not-found");
    await expectCallError(alice.call("teams-revokeInvitation", {}), "invalid-argument", /invitationId/);
  });

  it("lets anyone holding the token decline; a declined token is refused afterwards", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: "decliner@example.test" });
    const token = await tokenFromMail("decliner@example.test");
    expect(await callables(newClient().functions).invitations.decline({ token })).to.deep.equal({});
    expect((await invitationDoc(invitationId).get()).get("status")).to.equal("declined");
    await expectCallError(callables(newClient().functions).invitations.decline({ token }), "failed-precondition", /declined/);
    const decliner = await signUp({ email: "decliner@example.test" });
    await expectCallError(callables(decliner.functions).invitations.accept({ token }), "failed-precondition", /declined/);
  });

  it("refuses a fourth member, counting pending invitations, until a seat frees up", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    await addMember(alice, teamId);
    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: "third@example.test" });
    const before = await teamState(teamId);
    const err = await expectCallError(
      callables(alice.functions).teams.invite({ teamId, email: "fourth@example.test" }),
      "failed-precondition",
      /full/,
    );
    expect(err.details).to.deep.equal({ reason: "team-full", maxMembers: 3 });
    expect(await teamState(teamId)).to.deep.equal(before);
    expect(await mailTo("fourth@example.test")).to.have.length(0);

    await callables(alice.functions).teams.revokeInvitation({ invitationId });
    await callables(alice.functions).teams.invite({ teamId, email: "fourth@example.test" });
    const fourth = await signUpVerified({ email: "fourth@example.test" });
    await callables(fourth.functions).invitations.accept({ token: await tokenFromMail("fourth@example.test") });
    expect((await adminDb().doc(`teams/${teamId}`).get()).get("memberIds")).to.have.length(3);
    await expectCallError(callables(alice.functions).teams.invite({ teamId, email: "fifth@example.test" }), "failed-precondition", /full/);
  });

  it("does not count an expired pending invitation as a seat", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    await addMember(alice, teamId);
    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: "slow@example.test" });
    await invitationDoc(invitationId).update({ expiresAt: AdminTimestamp.fromMillis(Date.now() - 1000) });
    await callables(alice.functions).teams.invite({ teamId, email: "fast@example.test" });
    expect((await invitationDoc(invitationId).get()).get("status")).to.equal("expired");
  });

  it("refuses inviting an existing member or an address with a pending invitation", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const bob = await addMember(alice, teamId);
    await expectCallError(
      callables(alice.functions).teams.invite({ teamId, email: bob.email.toUpperCase() }),
      "failed-precondition",
      /already a member/,
    );
    await expectCallError(
      callables(alice.functions).teams.invite({ teamId, email: alice.email }),
      "failed-precondition",
      /already a member/,
    );
    await callables(alice.functions).teams.invite({ teamId, email: "pending@example.test" });
    const before = await teamState(teamId);
    await expectCallError(
      callables(alice.functions).teams.invite({ teamId, email: "Pending@Example.test" }),
      "failed-precondition",
      /pending invitation/,
    );
    expect(await teamState(teamId)).to.deep.equal(before);
  });

  it("limits a user to 20 invitations an hour with resource-exhausted", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const rate = adminDb().doc(`users/${alice.uid}/rateLimits/invitations`);
    const minutesAgo = (m: number) => AdminTimestamp.fromMillis(Date.now() - m * 60_000);
    // 19 sent within the hour (and some older ones that no longer count).
    await rate.set({ sentAt: [...Array.from({ length: 19 }, (_, i) => minutesAgo(i + 1)), minutesAgo(61), minutesAgo(120)] });

    const { invitationId } = await callables(alice.functions).teams.invite({ teamId, email: "twentieth@example.test" });
    await callables(alice.functions).teams.revokeInvitation({ invitationId });
    const before = await teamState(teamId);
    const err = await expectCallError(
      callables(alice.functions).teams.invite({ teamId, email: "twentyfirst@example.test" }),
      "resource-exhausted",
      /20 invitations an hour/,
    );
    expect(err.details).to.include({ reason: "invitation-rate-limit", limit: 20 });
    expect(isRetryLaterError(err), "the package's helper for the frontend").to.equal(true);
    expect(await teamState(teamId)).to.deep.equal(before);
    expect((await rate.get()).get("sentAt")).to.have.length(20);
  });

  it("caps the invitation emails one address receives in a day, across inviters, revocations and teams", async () => {
    const target = uniqueEmail("target");
    const inviters = await Promise.all([signUp(), signUp(), signUp()]);
    const teamIds = await Promise.all(inviters.map(personalTeamId));
    // Revoke-and-reinvite from one account, then other accounts: each mail counts for the address.
    for (let i = 0; i < 3; i++) {
      const { invitationId } = await callables(inviters[0].functions).teams.invite({ teamId: teamIds[0], email: target });
      await callables(inviters[0].functions).teams.revokeInvitation({ invitationId });
    }
    await callables(inviters[1].functions).teams.invite({ teamId: teamIds[1], email: target });
    const { invitationId } = await callables(inviters[0].functions).teams.invite({ teamId: teamIds[0], email: target });
    await callables(inviters[0].functions).teams.revokeInvitation({ invitationId });
    expect(await mailTo(target)).to.have.length(5);

    const before = await teamState(teamIds[2]);
    const err = await expectCallError(
      callables(inviters[2].functions).teams.invite({ teamId: teamIds[2], email: ` ${target.toUpperCase()}` }),
      "resource-exhausted",
      /in a day/,
    );
    expect(err.details).to.include({ reason: "recipient-mail-limit", limit: 5 });
    expect(isRetryLaterError(err), "the package's helper for the frontend").to.equal(true);
    expect(retryAfterMs(err)).to.be.greaterThan(23 * 3600_000);
    expect(await teamState(teamIds[2])).to.deep.equal(before);
    expect(await mailTo(target)).to.have.length(5);
    // Other addresses are not affected, and the counter keeps no address in readable form.
    await callables(inviters[2].functions).teams.invite({ teamId: teamIds[2], email: uniqueEmail("other") });
    const counters = await adminDb().collection("mailRecipients").get();
    expect(counters.docs.map((d) => d.id).join()).to.not.contain("@");
  });

  it("frees the recipient's daily cap once the oldest mail is a day old", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const target = uniqueEmail("later");
    const hash = createHash("sha256").update(target).digest("hex");
    const hoursAgo = (h: number) => AdminTimestamp.fromMillis(Date.now() - h * 3600_000);
    await adminDb()
      .doc(`mailRecipients/${hash}`)
      .set({ sentAt: [hoursAgo(25), hoursAgo(23), hoursAgo(5), hoursAgo(4), hoursAgo(3)] });
    await callables(alice.functions).teams.invite({ teamId, email: target });
    expect((await adminDb().doc(`mailRecipients/${hash}`).get()).get("sentAt")).to.have.length(5);
  });

  describe("bad input gets invalid-argument and changes nothing", () => {
    for (const [name, input, field] of [
      ["teams-invite", { teamId: "t", email: "not-an-email" }, /email/],
      ["teams-invite", { teamId: "", email: "a@example.test" }, /teamId/],
      ["teams-invite", { teamId: "t", email: "a@example.test", role: "admin" }, /role/],
      ["teams-revokeInvitation", { invitationId: ["x"] }, /invitationId/],
      ["teams-revokeInvitation", { invitationId: "__x__" }, /invitationId/],
      ["teams-revokeInvitation", { invitationId: ".." }, /invitationId/],
      ["teams-invite", { teamId: "__x__", email: "a@example.test" }, /teamId/],
      ["teams-invite", { teamId: ".", email: "a@example.test" }, /teamId/],
      ["invitations-get", {}, /token/],
      ["invitations-get", { token: "short" }, /token/],
      ["invitations-accept", { token: "../../etc/passwd-and-more-chars" }, /token/],
      ["invitations-decline", { token: 12345 }, /token/],
      ["invitations-decline", { token: "a".repeat(43), extra: true }, /extra/],
    ] as const) {
      it(`${name} ${JSON.stringify(input)}`, async () => {
        const alice = await signUp();
        const teamId = await personalTeamId(alice);
        const before = await teamState(teamId);
        await expectCallError(alice.call(name, input), "invalid-argument", field);
        expect(await teamState(teamId)).to.deep.equal(before);
      });
    }
  });

  it("answers not-found for an unknown token and unauthenticated for a signed-out accept", async () => {
    const token = "A".repeat(43);
    await expectCallError(callables(newClient().functions).invitations.get({ token }), "not-found");
    await expectCallError(callables(newClient().functions).invitations.decline({ token }), "not-found");
    await expectCallError(callables(newClient().functions).invitations.accept({ token }), "unauthenticated");
    const alice = await signUp();
    await expectCallError(callables(alice.functions).invitations.accept({ token }), "not-found");
  });
});

async function expectDenied(promise: Promise<unknown>): Promise<void> {
  const code = await promise.then(
    () => null,
    (e: { code: string }) => e.code,
  );
  expect(code).to.equal("permission-denied");
}
