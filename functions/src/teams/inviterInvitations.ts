import type { QueryDocumentSnapshot, Transaction } from "firebase-admin/firestore";
import { invitations } from "../common/collections/invitations.js";
import type { Invitation } from "../models/invitations.js";

/**
 * The pending invitations `uid` sent into `teamId`, read inside `tx`. An invitation opens the
 * team in its sender's name: when the sender leaves, is removed or stops being an admin, the
 * transaction that changes that also revokes them (`revokeInvitations`), or a removed admin
 * could come straight back through a link they still hold.
 */
export async function readPendingInvitationsFrom(
  tx: Transaction,
  teamId: string,
  uid: string,
): Promise<QueryDocumentSnapshot<Invitation>[]> {
  const pending = invitations().where("teamId", "==", teamId).where("invitedBy", "==", uid).where("status", "==", "pending");
  return (await tx.get(pending)).docs;
}

/** Marks `pending` revoked in `tx` (their seats are free again). */
export function revokeInvitations(tx: Transaction, pending: QueryDocumentSnapshot<Invitation>[]): void {
  for (const invitation of pending) tx.update(invitation.ref, { status: "revoked" });
}
