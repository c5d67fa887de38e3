import { Timestamp, type Transaction } from "firebase-admin/firestore";
import { invitationRateRef, type TimestampLike } from "../common/collections.js";
import { DomainError } from "../common/errors.js";
import { maxInvitationsPerHour } from "../common/params.js";

const HOUR_MS = 60 * 60 * 1000;

/** The times of the user's invitations within the last hour, read inside `tx`. */
export async function readRecentInvitations(tx: Transaction, uid: string, now: Timestamp): Promise<TimestampLike[]> {
  const sentAt = (await tx.get(invitationRateRef(uid))).data()?.sentAt ?? [];
  return sentAt.filter((time) => now.toMillis() - time.toMillis() < HOUR_MS);
}

/** Refuses with resource-exhausted when the user already sent the hourly maximum. */
export function checkInvitationRate(recent: TimestampLike[], now: Timestamp): void {
  const limit = maxInvitationsPerHour.value();
  if (recent.length < limit) return;
  const oldest = Math.min(...recent.map((time) => time.toMillis()));
  const retryAt = new Date(Math.max(oldest + HOUR_MS, now.toMillis())).toISOString();
  throw new DomainError("resource-exhausted", `You can send at most ${limit} invitations an hour. Try again after ${retryAt}.`, {
    reason: "invitation-rate-limit",
    limit,
    retryAt,
  });
}

/** Records one more invitation sent now (a sliding one-hour window). */
export function recordInvitation(tx: Transaction, uid: string, recent: TimestampLike[], now: Timestamp): void {
  tx.set(invitationRateRef(uid), { sentAt: [...recent, now] });
}
