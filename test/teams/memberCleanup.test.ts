import { expect } from "chai";
import { FieldValue } from "firebase-admin/firestore";
import { callables } from "../../client/src/index.js";
import type { MemberCleanup } from "../../functions/src/models/teams.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { newClient } from "../helpers/clients.js";
import { runScheduled } from "../helpers/triggers.js";
import { accountIds, connect, revocationsDone, teamOfTwo, useFakePlatforms } from "../connections/support.js";

/** Trigger runs wait behind cold starts of their workers on the shared 2-core machine. */
const TRIGGER_WAIT_MS = 60_000;

/** The member cleanups still owed for `uid`. */
async function cleanupsOwed(uid: string): Promise<Array<MemberCleanup & { id: string }>> {
  const found = await adminDb().collection("memberCleanups").where("uid", "==", uid).get();
  return found.docs.map((doc) => ({ id: doc.id, ...(doc.data() as MemberCleanup) }));
}

describe("teams: the member cleanup a removal owes is retried until it ran", function () {
  this.timeout(240_000);
  const platforms = useFakePlatforms();

  // Loads the workers these tests use besides the connection callables: the team callables with
  // bad input, the reconciler, and the cleanup and revocation triggers with entries for nobody.
  before(async function () {
    this.timeout(180_000);
    const client = newClient();
    await Promise.all(["teams-leave", "teams-removeMember"].map((name) => client.call(name, { bad: true }).catch(() => undefined)));
    await runScheduled("identity-reconcileUsers");
    const now = new Date();
    await adminDb()
      .doc("memberCleanups/warm-up")
      .set({ teamId: "none", uid: "none", attempts: 0, retryAt: now, createdAt: now, updatedAt: now });
    await adminDb()
      .doc("accountRevocations/warm-up")
      .set({ teamId: "none", accountId: "none", platform: "X", reason: "warm-up", createdAt: now });
    // The cleanup trigger's worker starts meanwhile; the tests' own waits allow for a slow start.
    await eventually("the warm-up revocation", async () => !(await adminDb().doc("accountRevocations/warm-up").get()).exists, 170_000);
  });

  it("answers a removal whose cleanup fails, keeps the cleanup owed, and the reconciler's retry takes the accounts", async () => {
    const { alice, bob, teamId } = await teamOfTwo();
    const [bobs] = await connect(bob, teamId, "X");
    const [alices] = await connect(alice, teamId, "TikTok");
    // A refresh state that does not parse makes the connections step fail for real, at every run.
    const [bobsState] = (await adminDb().collection("accountTokenStates").where("connectedBy", "==", bob.uid).get()).docs;
    await bobsState.ref.update({ failures: -1 });

    expect(await callables(alice.functions).teams.removeMember({ teamId, userId: bob.uid })).to.deep.equal({});

    expect((await adminDb().doc(`teams/${teamId}/members/${bob.uid}`).get()).exists).to.equal(false);
    // The callable's run and the marker trigger's run both failed and are recorded on the marker.
    const [owed] = await eventually(
      "both failed runs",
      async () => {
        const found = await cleanupsOwed(bob.uid);
        return found.length === 1 && found[0].attempts >= 2 ? found : null;
      },
      TRIGGER_WAIT_MS,
    );
    expect(owed).to.include({ teamId, uid: bob.uid });
    expect(owed.lastError?.message).to.match(/failures/);
    expect(await accountIds(teamId)).to.deep.equal([alices, bobs].sort());

    // Not due yet: the trigger's retries come first.
    await runScheduled("identity-reconcileUsers");
    expect(await cleanupsOwed(bob.uid)).to.have.length(1);

    await bobsState.ref.update({ failures: 0 });
    await adminDb()
      .doc(`memberCleanups/${owed.id}`)
      .update({ retryAt: new Date(Date.now() - 1000) });
    await runScheduled("identity-reconcileUsers");

    expect(await cleanupsOwed(bob.uid)).to.deep.equal([]);
    expect(await accountIds(teamId)).to.deep.equal([alices]);
    await revocationsDone(TRIGGER_WAIT_MS);
    expect(platforms.fake.oauth.revoked.map((r) => r.slug)).to.deep.equal(["x"]);
  });

  it("runs, through the marker's trigger, a cleanup the leaving call never got to", async () => {
    const { alice, bob, teamId } = await teamOfTwo();
    const [alices] = await connect(alice, teamId, "TikTok");
    await connect(bob, teamId, "LinkedIn");

    // What teams-leave commits, as if its instance died right after the commit: the membership
    // goes and the marker records the cleanup, which nobody has run yet.
    const db = adminDb();
    const now = new Date();
    const batch = db.batch();
    batch.delete(db.doc(`teams/${teamId}/members/${bob.uid}`));
    batch.update(db.doc(`teams/${teamId}`), { memberIds: FieldValue.arrayRemove(bob.uid) });
    batch.set(db.collection("memberCleanups").doc(), {
      teamId,
      uid: bob.uid,
      attempts: 0,
      retryAt: new Date(now.getTime() + 60 * 60_000),
      createdAt: now,
      updatedAt: now,
    });
    await batch.commit();

    await eventually("the trigger's cleanup", async () => (await cleanupsOwed(bob.uid)).length === 0, TRIGGER_WAIT_MS);
    expect(await accountIds(teamId)).to.deep.equal([alices]);
    await revocationsDone(TRIGGER_WAIT_MS);
    expect(platforms.fake.oauth.revoked.map((r) => r.slug)).to.deep.equal(["linkedin", "linkedin"]);
  });

  it("leaves no marker behind when the leaving call's own cleanup succeeds", async () => {
    const { bob, teamId } = await teamOfTwo();
    await connect(bob, teamId, "X");

    await callables(bob.functions).teams.leave({ teamId });

    expect(await accountIds(teamId)).to.deep.equal([]);
    expect(await cleanupsOwed(bob.uid)).to.deep.equal([]);
    await revocationsDone(TRIGGER_WAIT_MS);
  });
});
