/**
 * Connected accounts leave with the grant's owner: a member who leaves or is removed, a deleted
 * Auth user, a deleted team. Each step revokes and deletes; each is idempotent.
 */
import type { QuerySnapshot } from "firebase-admin/firestore";
import { accountTokenStates, connectionStates, pendingConnections, type AccountTokenState } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { deleteUserSecrets } from "../crypto/secretStore.js";
import { teamSecretUid } from "./accountTokens.js";
import { removeConnectedAccount } from "./disconnect.js";

async function removeAll(states: QuerySnapshot<AccountTokenState>, reason: string): Promise<number> {
  for (const doc of states.docs) await removeConnectedAccount(doc.data().teamId, doc.data().accountId, reason);
  return states.size;
}

/** A member left or was removed: the accounts they connected in that team go with them. */
export async function removeAccountsOfMember(teamId: string, uid: string): Promise<void> {
  const states = await accountTokenStates().where("teamId", "==", teamId).where("connectedBy", "==", uid).get();
  const removed = await removeAll(states, "member-left");
  logInfo("connections.memberAccountsRemoved", { teamId, uid, removed });
}

/** A deleted user: every account they connected, in every team, and their flows in progress. */
export async function removeAccountsOfUser(uid: string): Promise<void> {
  const removed = await removeAll(await accountTokenStates().where("connectedBy", "==", uid).get(), "user-deleted");
  const batch = db().batch();
  const [pending, states] = await Promise.all([pendingConnections().where("uid", "==", uid).get(), connectionStates().where("uid", "==", uid).get()]);
  for (const doc of [...pending.docs, ...states.docs]) batch.delete(doc.ref);
  await batch.commit();
  logInfo("connections.userAccountsRemoved", { uid, removed });
}

/** A deleted team: every account (revoked), its tokens; the account documents go with the team tree. */
export async function removeAccountsOfTeam(teamId: string): Promise<void> {
  const removed = await removeAll(await accountTokenStates().where("teamId", "==", teamId).get(), "team-deleted");
  await deleteUserSecrets(teamSecretUid(teamId));
  logInfo("connections.teamAccountsRemoved", { teamId, removed });
}
