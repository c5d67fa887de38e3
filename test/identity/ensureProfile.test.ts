import { expect } from "chai";
import { createUserWithEmailAndPassword } from "firebase/auth";
import { callables, ensureProfile, isAccountDeletedError } from "../../client/src/index.js";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { newClient, personalTeamId, signUp, uniqueEmail } from "../helpers/clients.js";
import { faultsLeft, injectFaults } from "../helpers/triggers.js";
import { expectCallError } from "../helpers/callables.js";
import { useEmptyEmulators } from "../helpers/suite.js";

const ENSURE = "identity-ensureProfile";

async function ownedTeams(uid: string) {
  return (await adminDb().collection("teams").where("ownerId", "==", uid).get()).docs;
}

describe("identity-ensureProfile", function () {
  this.timeout(120_000);
  useEmptyEmulators();

  it("does nothing for a user whose profile exists", async () => {
    const alice = await signUp();
    const before = (await adminDb().doc(`users/${alice.uid}`).get()).updateTime?.toMillis();
    expect(await callables(alice.functions).identity.ensureProfile({})).to.deep.equal({ created: false });
    expect((await adminDb().doc(`users/${alice.uid}`).get()).updateTime?.toMillis()).to.equal(before);
    expect(await ownedTeams(alice.uid)).to.have.length(1);
  });

  it("recreates a profile and personal team deleted out from under a signed-in user, once", async () => {
    const alice = await signUp({ name: "Alice" });
    const oldTeam = await personalTeamId(alice);
    await adminDb().recursiveDelete(adminDb().doc(`users/${alice.uid}`));
    await adminDb().recursiveDelete(adminDb().doc(`teams/${oldTeam}`));

    expect(await callables(alice.functions).identity.ensureProfile({})).to.deep.equal({ created: true });
    expect(await callables(alice.functions).identity.ensureProfile({})).to.deep.equal({ created: false });

    const profile = (await adminDb().doc(`users/${alice.uid}`).get()).data();
    const teams = await ownedTeams(alice.uid);
    expect(teams).to.have.length(1);
    expect(profile).to.include({ email: alice.email, role: "free", walletAddress: null, defaultTeamId: teams[0].id });
    expect(profile?.teamIds).to.deep.equal([teams[0].id]);
    expect((await adminDb().doc(`teams/${teams[0].id}/members/${alice.uid}`).get()).get("role")).to.equal("owner");
    expect((await adminDb().doc(`teams/${teams[0].id}/channels/general`).get()).exists).to.equal(true);
  });

  it("keeps the teams of a user whose profile alone was deleted, without a second personal team", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    await adminDb().recursiveDelete(adminDb().doc(`users/${alice.uid}`));

    expect(await callables(alice.functions).identity.ensureProfile({})).to.deep.equal({ created: true });

    const profile = (await adminDb().doc(`users/${alice.uid}`).get()).data();
    expect(profile).to.include({ defaultTeamId: teamId });
    expect(profile?.teamIds).to.deep.equal([teamId]);
    expect(await ownedTeams(alice.uid)).to.have.length(1);
  });

  it("creates one profile and one team when called twice at once", async () => {
    const alice = await signUp();
    await adminDb().recursiveDelete(adminDb().doc(`teams/${await personalTeamId(alice)}`));
    await adminDb().recursiveDelete(adminDb().doc(`users/${alice.uid}`));

    const results = await Promise.all([
      callables(alice.functions).identity.ensureProfile({}),
      callables(alice.functions).identity.ensureProfile({}),
    ]);

    expect(results.map((r) => r.created).sort()).to.deep.equal([false, true]);
    expect(await ownedTeams(alice.uid)).to.have.length(1);
    expect((await adminDb().collection("teams").where("memberIds", "array-contains", alice.uid).get()).size).to.equal(1);
  });

  it("the frontend's ensureProfile helper falls back to identity-ensureProfile when the sign-up trigger created nothing", async () => {
    await injectFaults({ "identity.createProfile": 1 });
    const client = newClient();
    const email = uniqueEmail();
    const { user } = await createUserWithEmailAndPassword(client.auth, email, "secret-password");
    // The emulator does not redeliver a failed Auth event, so the profile can only come from the fallback.
    await eventually("the injected failure of the sign-up trigger", async () => (await faultsLeft("identity.createProfile")) === 0);
    expect((await adminDb().doc(`users/${user.uid}`).get()).exists).to.equal(false);

    expect(await ensureProfile(client.db, client.functions, user.uid, 1_000)).to.deep.equal({ created: true });

    const profile = (await adminDb().doc(`users/${user.uid}`).get()).data();
    const teams = await ownedTeams(user.uid);
    expect(teams).to.have.length(1);
    expect(profile).to.include({ email, role: "free", defaultTeamId: teams[0].id });
    expect((await adminDb().doc(`teams/${teams[0].id}/channels/general`).get()).exists).to.equal(true);
  });

  it("refuses bad input with invalid-argument and creates nothing", async () => {
    const alice = await signUp();
    await adminDb().recursiveDelete(adminDb().doc(`users/${alice.uid}`));
    await expectCallError(alice.call(ENSURE, { uid: "someone-else" }), "invalid-argument", /uid/);
    expect((await adminDb().doc(`users/${alice.uid}`).get()).exists).to.equal(false);
  });

  it("refuses a signed-out caller with unauthenticated", async () => {
    await expectCallError(callables(newClient().functions).identity.ensureProfile({}), "unauthenticated");
  });

  it("only ever repairs the caller's own profile", async () => {
    const [alice, bob] = await Promise.all([signUp(), signUp()]);
    await adminDb().recursiveDelete(adminDb().doc(`users/${alice.uid}`));
    expect(await callables(bob.functions).identity.ensureProfile({})).to.deep.equal({ created: false });
    expect((await adminDb().doc(`users/${alice.uid}`).get()).exists).to.equal(false);
  });

  it("refuses, with failed-precondition, to recreate the profile of a deleted account", async () => {
    const client = newClient();
    const email = uniqueEmail();
    const { user } = await createUserWithEmailAndPassword(client.auth, email, "secret-password");
    await eventually("profile", async () => (await adminDb().doc(`users/${user.uid}`).get()).exists);
    // The ID token stays valid for a while after the Auth user is deleted.
    await adminAuth().deleteUser(user.uid);
    await eventually(
      "account deletion",
      async () => (await adminDb().doc(`userDeletions/${user.uid}`).get()).get("pendingSteps")?.length === 0,
    );

    const refused = await expectCallError(callables(client.functions).identity.ensureProfile({}), "failed-precondition", /deleted/);
    expect(isAccountDeletedError(refused), "what the frontend checks to sign the user out").to.equal(true);
    expect((await adminDb().doc(`users/${user.uid}`).get()).exists).to.equal(false);
  });
});
