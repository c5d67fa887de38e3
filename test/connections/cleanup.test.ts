import { expect } from "chai";
import { callables } from "../../client/src/index.js";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { newClient, personalTeamId, signUp } from "../helpers/clients.js";
import { accountIds, connect, revocationsDone, teamOfTwo, useFakePlatforms } from "./support.js";

describe("connections: accounts leave with the member who connected them", () => {
  const platforms = useFakePlatforms();

  // Loads the workers these tests use besides the connection callables (see support.ts): the
  // team callables with bad input, and the revocation trigger with an entry for no account.
  before(async function () {
    this.timeout(120_000);
    const client = newClient();
    await Promise.all(["teams-leave", "teams-removeMember"].map((name) => client.call(name, { bad: true }).catch(() => undefined)));
    await adminDb()
      .doc("accountRevocations/warm-up")
      .set({ teamId: "none", accountId: "none", platform: "X", reason: "warm-up", createdAt: new Date() });
    await eventually("the warm-up revocation", async () => !(await adminDb().doc("accountRevocations/warm-up").get()).exists, 110_000);
  });

  it("a member who leaves takes the accounts they connected (revoked); the others stay", async () => {
    const { alice, bob, teamId } = await teamOfTwo();
    const [bobs] = await connect(bob, teamId, "X");
    const [alices] = await connect(alice, teamId, "TikTok");
    await callables(bob.functions).teams.leave({ teamId });
    expect(await accountIds(teamId)).to.deep.equal([alices]);
    await revocationsDone();
    expect(platforms.fake.oauth.revoked.map((r) => r.slug)).to.deep.equal(["x"]);
    expect((await adminDb().collection("secrets").get()).docs.map((d) => d.get("provider"))).to.deep.equal([alices]);
    expect(bobs).to.not.equal(alices);
  });

  it("a removed member's accounts go too", async () => {
    const { alice, bob, teamId } = await teamOfTwo();
    await connect(bob, teamId, "LinkedIn");
    await callables(alice.functions).teams.removeMember({ teamId, userId: bob.uid });
    expect(await accountIds(teamId)).to.deep.equal([]);
    await revocationsDone();
    expect(platforms.fake.oauth.revoked.map((r) => r.slug)).to.deep.equal(["linkedin", "linkedin"]);
    expect((await adminDb().collection("secrets").get()).size).to.equal(0);
  });

  it("a revocation queued before the same account was connected again leaves the new connection alone", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    const [accountId] = await connect(alice, teamId, "X");
    // What the trigger finds when a member left (queued: account deleted) and someone connected the
    // same platform account before it ran: the entry, and the account with its new tokens.
    await adminDb()
      .doc("accountRevocations/superseded")
      .set({ teamId, accountId, platform: "X", reason: "member-left", createdAt: new Date() });
    await revocationsDone();
    expect(await accountIds(teamId)).to.deep.equal([accountId]);
    expect(platforms.fake.oauth.revoked, "revoked at the platform").to.deep.equal([]);
    expect((await adminDb().collection("secrets").get()).docs.map((d) => d.get("provider"))).to.deep.equal([accountId]);
    expect(
      (
        await adminDb()
          .doc(`accountTokenStates/${encodeURIComponent(teamId)}:${encodeURIComponent(accountId)}`)
          .get()
      ).exists,
    ).to.equal(true);
  });

  it("a deleted Auth user's accounts are revoked and deleted in every team", async () => {
    const { alice, bob, teamId } = await teamOfTwo();
    const bobTeam = await personalTeamId(bob);
    await connect(bob, teamId, "YouTube");
    await connect(bob, bobTeam, "X");
    const [alices] = await connect(alice, teamId, "Pinterest");
    await adminAuth().deleteUser(bob.uid);
    await eventually(
      "bob's accounts removed",
      async () => (await accountIds(teamId)).length === 1 && (await adminDb().collection("accountTokenStates").get()).size === 1,
    );
    await revocationsDone();
    expect(await accountIds(teamId)).to.deep.equal([alices]);
    expect(platforms.fake.oauth.revoked.map((r) => r.slug).sort()).to.deep.equal(["x", "youtube"]);
    expect((await adminDb().collection("secrets").get()).docs.map((d) => d.get("provider"))).to.deep.equal([alices]);
    // The rest of bob's account deletion (his own team, library, profile) runs on after his
    // accounts are gone; it ends here, not inside the next file's first test (seen once: a
    // connect test there counted one sealed secret too many).
    await eventually("bob's account deletion finished", async () => {
      const record = (await adminDb().doc(`userDeletions/${bob.uid}`).get()).data();
      return Boolean(record && (record.attempts as number) >= 1 && (record.pendingSteps as string[]).length === 0);
    });
  });
});
