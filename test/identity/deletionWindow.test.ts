import { expect } from "chai";
import type { DocumentReference } from "firebase-admin/firestore";
import { callables, isAccountDeletedError } from "../../client/src/index.js";
import { adminDb } from "../helpers/admin.js";
import { expectCallError } from "../helpers/callables.js";
import { personalTeamId, signUp, signUpVerified, type SignedUp } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { teamState, tokenFromMail } from "../teams/fixtures.js";

/** A document and every document below it, by path. */
async function tree(ref: DocumentReference): Promise<Record<string, unknown>> {
  const snap = await ref.get();
  const found: Record<string, unknown> = snap.exists ? { [ref.path]: snap.data() } : {};
  for (const collection of await ref.listCollections()) {
    for (const doc of (await collection.get()).docs) Object.assign(found, await tree(doc.ref));
  }
  return found;
}

/** Everything of `uid` that the three callables could write: their profile tree, their teams and their secrets. */
async function accountState(uid: string): Promise<unknown> {
  const [profile, teams, owned, secrets] = await Promise.all([
    tree(adminDb().doc(`users/${uid}`)),
    adminDb().collection("teams").where("memberIds", "array-contains", uid).get(),
    adminDb().collection("teams").where("ownerId", "==", uid).get(),
    adminDb().collection("secrets").where("uid", "==", uid).get(),
  ]);
  return {
    profile,
    teams: teams.docs.map((d) => d.id).sort(),
    owned: owned.docs.map((d) => d.id).sort(),
    secrets: secrets.docs.map((d) => d.id),
  };
}

/** The record account deletion writes before any cleanup step runs (identity/deleteUserData.ts). */
async function startDeletion(user: SignedUp): Promise<void> {
  const now = new Date();
  await adminDb()
    .doc(`userDeletions/${user.uid}`)
    .set({
      teamIds: [await personalTeamId(user)],
      pendingSteps: ["teams", "profile"],
      attempts: 0,
      retryAt: new Date(now.getTime() + 60 * 60_000),
      createdAt: now,
      updatedAt: now,
    });
}

async function expectAccountDeleted(call: Promise<unknown>): Promise<void> {
  const error = await expectCallError(call, "failed-precondition");
  expect(isAccountDeletedError(error), error.message).to.equal(true);
}

/** A verified user invited into another user's team, whose account deletion has started. */
async function invitedUserBeingDeleted(): Promise<{ alice: SignedUp; ownerTeam: string; token: string }> {
  const owner = await signUp();
  const ownerTeam = await personalTeamId(owner);
  const alice = await signUpVerified();
  await callables(owner.functions).teams.invite({ teamId: ownerTeam, email: alice.email });
  const token = await tokenFromMail(alice.email);
  await startDeletion(alice);
  return { alice, ownerTeam, token };
}

describe("identity: calls made while the account is being deleted", function () {
  this.timeout(120_000);
  useEmptyEmulators();

  // Each refusal leaves the profile (still there, as during a deletion), the user's teams and
  // secrets, and the inviting team with its invitation, exactly as they were.
  it("refuses teams-create once the deletion is recorded, writing nothing", async () => {
    const { alice, ownerTeam } = await invitedUserBeingDeleted();
    const [aliceBefore, teamBefore] = await Promise.all([accountState(alice.uid), teamState(ownerTeam)]);
    await expectAccountDeleted(callables(alice.functions).teams.create({ name: "After deletion" }));
    expect(await accountState(alice.uid)).to.deep.equal(aliceBefore);
    expect(await teamState(ownerTeam)).to.deep.equal(teamBefore);
  });

  it("refuses invitations-accept once the deletion is recorded, leaving the invitation pending and the seat free", async () => {
    const { alice, ownerTeam, token } = await invitedUserBeingDeleted();
    const [aliceBefore, teamBefore] = await Promise.all([accountState(alice.uid), teamState(ownerTeam)]);
    await expectAccountDeleted(callables(alice.functions).invitations.accept({ token }));
    expect(await accountState(alice.uid)).to.deep.equal(aliceBefore);
    expect(await teamState(ownerTeam)).to.deep.equal(teamBefore);
  });

  it("refuses aiConfigs-save once the deletion is recorded, storing no configuration, key or allowance", async () => {
    const { alice } = await invitedUserBeingDeleted();
    const aliceBefore = (await accountState(alice.uid)) as { profile: Record<string, unknown> };
    expect(aliceBefore.profile).to.have.property(`users/${alice.uid}`);
    await expectAccountDeleted(
      callables(alice.functions).aiConfigs.save({ configs: [{ providerId: "OpenAI", apiKey: "sk-test-late-key-00000000000000000" }] }),
    );
    expect(await accountState(alice.uid)).to.deep.equal(aliceBefore);
  });

  it("lets the same calls through for an account with no deletion record (the refusals above are the record's)", async () => {
    const owner = await signUp();
    const ownerTeam = await personalTeamId(owner);
    const alice = await signUpVerified();
    await callables(owner.functions).teams.invite({ teamId: ownerTeam, email: alice.email });
    const token = await tokenFromMail(alice.email);

    const calls = callables(alice.functions);
    const { teamId } = await calls.teams.create({ name: "Before deletion" });
    expect(await calls.invitations.accept({ token })).to.deep.equal({ teamId: ownerTeam });
    await calls.aiConfigs.save({ configs: [{ providerId: "OpenAI", apiKey: "sk-test-live-key-00000000000000000" }] });

    const state = (await accountState(alice.uid)) as { teams: string[]; secrets: string[] };
    expect(state.teams).to.include.members([teamId, ownerTeam]);
    expect(state.secrets).to.have.length(1);
  });
});
