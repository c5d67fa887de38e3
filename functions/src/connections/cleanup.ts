/**
 * Connected accounts leave with the grant's owner: a member who leaves or is removed, a deleted
 * Auth user, a deleted team. A cleanup step only queues: in one batch per account it deletes the
 * account and its refresh state and records an `accountRevocations` entry; the connections
 * trigger `onRevocationQueued` (revocations.ts, which alone holds the platform secrets) revokes at
 * the platform with the still-sealed tokens and then deletes them. So the steps stay small, need no
 * secrets, and are idempotent, and the domains that run them load neither the trigger nor the
 * platform clients.
 */
import type { QuerySnapshot } from "firebase-admin/firestore";
import {
  accountRevocations,
  accountTokenStateRef,
  accountTokenStates,
  connectedAccountRef,
  connectionStates,
  pendingConnections,
} from "../common/collections/connections.js";
import { serverNow } from "../common/collections/typed.js";
import type { AccountTokenState } from "../models/connections.js";
import { db } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";

function revocationId(teamId: string, accountId: string): string {
  return `${encodeURIComponent(teamId)}:${encodeURIComponent(accountId)}`;
}

async function queueRemovals(states: QuerySnapshot<AccountTokenState>, reason: string): Promise<number> {
  for (const doc of states.docs) {
    const { teamId, accountId, platform } = doc.data();
    const batch = db().batch();
    batch.delete(connectedAccountRef(teamId, accountId));
    batch.delete(accountTokenStateRef(teamId, accountId));
    batch.set(accountRevocations().doc(revocationId(teamId, accountId)), { teamId, accountId, platform, reason, createdAt: serverNow() });
    await batch.commit();
  }
  return states.size;
}

/** A member left or was removed: the accounts they connected in that team go with them. */
export async function removeAccountsOfMember(teamId: string, uid: string): Promise<void> {
  const states = await accountTokenStates().where("teamId", "==", teamId).where("connectedBy", "==", uid).get();
  const removed = await queueRemovals(states, "member-left");
  logInfo("connections.memberAccountsRemoved", { teamId, uid, removed });
}

/** A deleted user: every account they connected, in every team, and their flows in progress. */
export async function removeAccountsOfUser(uid: string): Promise<void> {
  const removed = await queueRemovals(await accountTokenStates().where("connectedBy", "==", uid).get(), "user-deleted");
  const [pending, states] = await Promise.all([
    pendingConnections().where("uid", "==", uid).get(),
    connectionStates().where("uid", "==", uid).get(),
  ]);
  const batch = db().batch();
  for (const doc of [...pending.docs, ...states.docs]) batch.delete(doc.ref);
  await batch.commit();
  logInfo("connections.userAccountsRemoved", { uid, removed });
}

/** A deleted team: every account, revoked; the account documents go with the team tree too. */
export async function removeAccountsOfTeam(teamId: string): Promise<void> {
  const removed = await queueRemovals(await accountTokenStates().where("teamId", "==", teamId).get(), "team-deleted");
  logInfo("connections.teamAccountsRemoved", { teamId, removed });
}
