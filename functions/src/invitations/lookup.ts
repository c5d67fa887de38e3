import { Timestamp, type DocumentReference, type Transaction } from "firebase-admin/firestore";
import { invitationRef, invitationTokenRef } from "../common/collections/invitations.js";
import type { Invitation, InvitationStatus } from "../models/invitations.js";
import type { TimestampLike } from "../models/shared.js";
import { failedPrecondition, notFound, type DomainError } from "../common/errors.js";
import { hashInvitationToken } from "./tokens.js";

/** An invitation found from its token. */
export interface FoundInvitation {
  ref: DocumentReference<Invitation>;
  invitation: Invitation;
}

/** Finds, inside `tx`, the invitation a token belongs to; not-found otherwise. */
export async function findInvitationByToken(tx: Transaction, token: string): Promise<FoundInvitation> {
  const tokenDoc = (await tx.get(invitationTokenRef(hashInvitationToken(token)))).data();
  if (!tokenDoc) throw notFound("Invitation");
  const ref = invitationRef(tokenDoc.invitationId);
  const invitation = (await tx.get(ref)).data();
  if (!invitation) throw notFound("Invitation");
  return { ref, invitation };
}

/** The status as the user sees it: a pending invitation past `expiresAt` is expired. */
export function effectiveStatus(invitation: Invitation, now = Timestamp.now()): InvitationStatus {
  return invitation.status === "pending" && invitation.expiresAt.toMillis() <= now.toMillis() ? "expired" : invitation.status;
}

const REFUSALS: Record<Exclude<InvitationStatus, "pending">, string> = {
  accepted: "This invitation has already been used.",
  declined: "This invitation was declined.",
  expired: "This invitation has expired. Ask the team for a new one.",
  revoked: "This invitation was revoked.",
};

/** The failed-precondition error for an invitation that is no longer pending, or null. */
export function notPendingError(status: InvitationStatus): DomainError | null {
  if (status === "pending") return null;
  return failedPrecondition(REFUSALS[status], { reason: `invitation-${status}` });
}

/** Callable responses carry times as ISO 8601 strings (UTC). */
export function isoDate(timestamp: TimestampLike): string {
  return timestamp.toDate().toISOString();
}
