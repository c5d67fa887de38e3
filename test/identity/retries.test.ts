import { expect } from "chai";
import { createUserWithEmailAndPassword } from "firebase/auth";
import type { UserDeletion } from "../../functions/src/models/identity.js";
import { callables } from "../../client/src/index.js";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { newClient, signUp, uniqueEmail, personalTeamId } from "../helpers/clients.js";
import { deliverAuthEvent, faultsLeft, injectFaults, runScheduled } from "../helpers/triggers.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { addMember } from "../teams/fixtures.js";

const HOUR_MS = 60 * 60_000;
const deletionOf = async (uid: string) => (await adminDb().doc(`userDeletions/${uid}`).get()).data() as UserDeletion | undefined;
const exists = async (path: string) => (await adminDb().doc(path).get()).exists;

/** Signs up through the JS SDK without waiting for the profile. */
async function signUpOnly() {
  const client = newClient();
  const email = uniqueEmail();
  const { user } = await createUserWithEmailAndPassword(client.auth, email, "secret-password");
  return { client, uid: user.uid, email };
}

describe("identity: retried triggers, fault injection and the reconciler", function () {
  this.timeout(180_000);
  useEmptyEmulators();

  it("ends with exactly one profile when the first createProfile attempt fails", async () => {
    await injectFaults({ "identity.createProfile": 1 });
    const { client, uid, email } = await signUpOnly();
    await eventually("the injected failure of the sign-up trigger", async () => (await faultsLeft("identity.createProfile")) === 0);
    expect(await exists(`users/${uid}`)).to.equal(false);

    // The platform retries the failed event (failurePolicy) while the frontend calls the repair
    // callable: both run the same transaction.
    const [, repaired] = await Promise.all([
      deliverAuthEvent("create", { uid, email }),
      callables(client.functions).identity.ensureProfile({}),
    ]);

    const profile = (await adminDb().doc(`users/${uid}`).get()).data();
    expect(profile?.email).to.equal(email);
    const teams = await adminDb().collection("teams").where("memberIds", "array-contains", uid).get();
    expect(teams.size).to.equal(1);
    expect(profile?.teamIds).to.deep.equal([teams.docs[0].id]);
    expect(typeof repaired.created).to.equal("boolean");
  });

  it("stops retrying a sign-up event older than the retry window", async () => {
    const { uid, email } = await signUpOnly();
    await eventually("profile", () => exists(`users/${uid}`));
    await adminDb().recursiveDelete(adminDb().doc(`users/${uid}`));

    await deliverAuthEvent("create", { uid, email }, { timestamp: new Date(Date.now() - 2 * HOUR_MS) });
    expect(await exists(`users/${uid}`)).to.equal(false);
    // A recent delivery of the same user does create it (so the check above could fail).
    await deliverAuthEvent("create", { uid, email });
    expect(await exists(`users/${uid}`)).to.equal(true);
  });

  it("runs the other cleanup steps when one fails, and the reconciler finishes the failed one", async () => {
    const alice = await signUp();
    const aliceTeam = await personalTeamId(alice);
    const bob = await addMember(alice, aliceTeam);
    const bobTeam = await personalTeamId(bob);
    await callables(bob.functions).aiConfigs.save({ configs: [{ providerId: "OpenAI", apiKey: "sk-test-bob-key-0000000000000000" }] });
    const secrets = () => adminDb().collection("secrets").where("uid", "==", bob.uid).get();
    expect((await secrets()).size).to.equal(1);
    await injectFaults({ "identity.cleanup.teams": 1 });

    await adminAuth().deleteUser(bob.uid);
    const deletion = await eventually("the first cleanup run", async () => {
      const recorded = await deletionOf(bob.uid);
      return recorded && recorded.attempts >= 1 ? recorded : null;
    });

    // Only the failed step is pending; the steps after it ran.
    expect(deletion.pendingSteps).to.deep.equal(["teams"]);
    expect(deletion.lastError?.step).to.equal("teams");
    expect(deletion.retryAt).to.not.equal(undefined);
    expect((await secrets()).size).to.equal(0);
    expect(await exists(`users/${bob.uid}`)).to.equal(false);
    expect(await exists(`teams/${aliceTeam}/members/${bob.uid}`)).to.equal(true);

    // Not due yet: the trigger's own retries come first.
    await runScheduled("identity-reconcileUsers");
    expect((await deletionOf(bob.uid))?.pendingSteps).to.deep.equal(["teams"]);

    await adminDb()
      .doc(`userDeletions/${bob.uid}`)
      .update({ retryAt: new Date(Date.now() - 1000) });
    await runScheduled("identity-reconcileUsers");

    const finished = await deletionOf(bob.uid);
    expect(finished?.pendingSteps).to.deep.equal([]);
    expect(finished?.retryAt).to.equal(undefined);
    expect(finished?.completedAt).to.not.equal(undefined);
    expect(await exists(`teams/${aliceTeam}/members/${bob.uid}`)).to.equal(false);
    expect((await adminDb().doc(`teams/${aliceTeam}`).get()).get("memberIds")).to.deep.equal([alice.uid]);
    expect(await exists(`teams/${bobTeam}`)).to.equal(false);
  });

  it("completes the rest of a deletion when the event is retried after a partial run", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    await injectFaults({ "identity.cleanup.teams": 1 });
    await adminAuth().deleteUser(alice.uid);
    await eventually("the first cleanup run", async () => ((await deletionOf(alice.uid))?.attempts ?? 0) >= 1);
    expect(await exists(`teams/${teamId}`)).to.equal(true);

    await deliverAuthEvent("delete", { uid: alice.uid, email: alice.email });

    const deletion = await deletionOf(alice.uid);
    expect(deletion?.pendingSteps).to.deep.equal([]);
    expect(deletion?.attempts).to.equal(2);
    expect(await exists(`teams/${teamId}`)).to.equal(false);
  });

  it("leaves a delete event older than the retry window recorded for the reconciler", async () => {
    const alice = await signUp();
    await deliverAuthEvent("delete", { uid: alice.uid }, { timestamp: new Date(Date.now() - 2 * HOUR_MS) });
    const deletion = await deletionOf(alice.uid);
    expect(deletion?.pendingSteps).to.include.members(["teams", "profile"]);
    expect(deletion?.attempts).to.equal(0);
    expect(await exists(`users/${alice.uid}`)).to.equal(true);
  });

  it("removes the ghost of a deleted Auth user with the full account deletion", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const carol = await addMember(alice, teamId);
    const carolTeam = await personalTeamId(carol);
    await callables(carol.functions).aiConfigs.save({ configs: [{ providerId: "OpenAI", apiKey: "sk-test-carol-key-000000000000000" }] });
    // Carol's Auth user goes and her delete event is lost: a ghost holding a seat.
    await injectFaults({ "identity.onUserDeleted": 1 });
    await adminAuth().deleteUser(carol.uid);
    await eventually("the lost delete event", async () => (await faultsLeft("identity.onUserDeleted")) === 0);
    expect(await exists(`users/${carol.uid}`)).to.equal(true);
    expect(await exists(`teams/${teamId}/members/${carol.uid}`)).to.equal(true);
    expect(await deletionOf(carol.uid)).to.equal(undefined);

    await runScheduled("identity-reconcileUsers");

    expect((await deletionOf(carol.uid))?.pendingSteps).to.deep.equal([]);
    expect(await exists(`users/${carol.uid}`)).to.equal(false);
    expect(await exists(`teams/${teamId}/members/${carol.uid}`)).to.equal(false);
    expect((await adminDb().doc(`teams/${teamId}`).get()).get("memberIds")).to.deep.equal([alice.uid]);
    expect(await exists(`teams/${carolTeam}`)).to.equal(false);
    expect((await adminDb().collection("secrets").where("uid", "==", carol.uid).get()).size).to.equal(0);
    // Alice has her Auth user: not a ghost.
    expect(await exists(`users/${alice.uid}`)).to.equal(true);
    expect(await deletionOf(alice.uid)).to.equal(undefined);

    // A profile that reappears after its deletion finished is a ghost again: deleted again.
    await adminDb().doc(`users/${carol.uid}`).set({
      name: "carol",
      email: null,
      walletAddress: null,
      role: "free",
      teamIds: [],
      defaultTeamId: null,
      activeAiProvider: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await runScheduled("identity-reconcileUsers");
    expect(await exists(`users/${carol.uid}`)).to.equal(false);
    expect((await deletionOf(carol.uid))?.pendingSteps).to.deep.equal([]);
  });
});
