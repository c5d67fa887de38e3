import { createHash } from "node:crypto";
import { type Timestamp, type DocumentReference, type Transaction } from "firebase-admin/firestore";
import { invitationRateRef, mailRecipientRateRef } from "../common/collections/invitations.js";
import type { InvitationRate } from "../models/invitations.js";
import type { TimestampLike } from "../models/shared.js";
import { DomainError } from "../common/errors.js";
import { maxInvitationMailsPerRecipientPerDay, maxInvitationsPerHour } from "../common/params.js";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A sliding-window counter kept in one document (`{ sentAt: Timestamp[] }`): read and written
 * inside the invitation's transaction, so concurrent invitations cannot both take the last slot.
 */
interface SendWindow {
  ref: DocumentReference<InvitationRate>;
  windowMs: number;
  /** Sends within the window, as read in the transaction. */
  recent: TimestampLike[];
}

async function readWindow(tx: Transaction, ref: DocumentReference<InvitationRate>, windowMs: number, now: Timestamp): Promise<SendWindow> {
  const sentAt = (await tx.get(ref)).data()?.sentAt ?? [];
  return { ref, windowMs, recent: sentAt.filter((time) => now.toMillis() - time.toMillis() < windowMs) };
}

/** When the oldest send in the window leaves it (ISO 8601, UTC). */
function retryAt(window: SendWindow, now: Timestamp): string {
  const oldest = Math.min(...window.recent.map((time) => time.toMillis()));
  return new Date(Math.max(oldest + window.windowMs, now.toMillis())).toISOString();
}

function recordSend(tx: Transaction, window: SendWindow, now: Timestamp): void {
  tx.set(window.ref, { sentAt: [...window.recent, now] });
}

/** The SHA-256 (hex) of a normalised email address: the id of its recipient counter. */
export function emailHash(email: string): string {
  return createHash("sha256").update(email, "utf8").digest("hex");
}

/** The two limits an invitation passes: the inviter's hourly sends and the recipient's daily mails. */
export interface InvitationWindows {
  inviter: SendWindow;
  recipient: SendWindow;
}

/** Reads, inside `tx`, the inviter's last hour and the recipient address's last day of invitations. */
export async function readInvitationWindows(tx: Transaction, uid: string, email: string, now: Timestamp): Promise<InvitationWindows> {
  const [inviter, recipient] = await Promise.all([
    readWindow(tx, invitationRateRef(uid), HOUR_MS, now),
    readWindow(tx, mailRecipientRateRef(emailHash(email)), DAY_MS, now),
  ]);
  return { inviter, recipient };
}

/**
 * Refuses with resource-exhausted when the inviter already sent the hourly maximum, or the
 * address already received the daily maximum of invitation emails from anyone: revoking and
 * inviting again, or inviting from many accounts, cannot turn the mail into a relay.
 */
export function checkInvitationWindows({ inviter, recipient }: InvitationWindows, now: Timestamp): void {
  const perHour = maxInvitationsPerHour.value();
  if (inviter.recent.length >= perHour) {
    const retry = retryAt(inviter, now);
    throw new DomainError("resource-exhausted", `You can send at most ${perHour} invitations an hour. Try again after ${retry}.`, {
      reason: "invitation-rate-limit",
      limit: perHour,
      retryAt: retry,
    });
  }
  const perDay = maxInvitationMailsPerRecipientPerDay.value();
  if (recipient.recent.length >= perDay) {
    const retry = retryAt(recipient, now);
    throw new DomainError(
      "resource-exhausted",
      `This address has received the most invitation emails allowed in a day (${perDay}). Try again after ${retry}.`,
      {
        reason: "recipient-mail-limit",
        limit: perDay,
        retryAt: retry,
      },
    );
  }
}

/** Records one more invitation sent now, in both windows. */
export function recordInvitation(tx: Transaction, { inviter, recipient }: InvitationWindows, now: Timestamp): void {
  recordSend(tx, inviter, now);
  recordSend(tx, recipient, now);
}
