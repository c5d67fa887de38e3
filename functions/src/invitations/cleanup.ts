import type { DocumentReference, Query, WriteBatch } from "firebase-admin/firestore";
import { invitations, invitationTokens } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";

const BATCH_SIZE = 400;

async function forEachBatch<T>(query: Query<T>, write: (batch: WriteBatch, ref: DocumentReference<T>) => void): Promise<number> {
  const docs = (await query.get()).docs;
  for (let start = 0; start < docs.length; start += BATCH_SIZE) {
    const batch = db().batch();
    for (const doc of docs.slice(start, start + BATCH_SIZE)) write(batch, doc.ref);
    await batch.commit();
  }
  return docs.length;
}

/** Team cleanup: deletes the team's invitations and their token hashes. */
export async function deleteTeamInvitations(teamId: string): Promise<void> {
  const deleted = await forEachBatch(invitations().where("teamId", "==", teamId), (batch, ref) => batch.delete(ref));
  await forEachBatch(invitationTokens().where("teamId", "==", teamId), (batch, ref) => batch.delete(ref));
  logInfo("invitations.teamInvitationsDeleted", { teamId, deleted });
}

/** User cleanup: the pending invitations a deleted user sent are revoked. */
export async function revokeInvitationsSentBy(uid: string): Promise<void> {
  const pending = invitations().where("invitedBy", "==", uid).where("status", "==", "pending");
  const revoked = await forEachBatch(pending, (batch, ref) => batch.update(ref, { status: "revoked" }));
  logInfo("invitations.revokedForDeletedUser", { uid, revoked });
}
