import { channelRef, messageSchema, type TimestampLike } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { logWarn } from "../common/logs.js";

export interface MessageEvent {
  teamId: string;
  channelId: string;
  messageId: string;
  data: unknown;
}

/**
 * Moves the channel's `lastMessageAt` forward to the message's `createdAt`. Never moves it
 * back (triggers may run out of order) and never recreates a channel deleted meanwhile.
 */
export async function recordLastMessage(teamId: string, channelId: string, createdAt: TimestampLike): Promise<void> {
  const ref = channelRef(teamId, channelId);
  await db().runTransaction(async (tx) => {
    const channel = await tx.get(ref);
    if (!channel.exists) return;
    const current = channel.data()?.lastMessageAt;
    if (current && current.toMillis() >= createdAt.toMillis()) return;
    tx.update(ref, { lastMessageAt: createdAt });
  });
}

/** A message was created: keep `lastMessageAt` on its channel. */
export async function handleMessageCreated(event: MessageEvent): Promise<void> {
  const message = messageSchema.safeParse(event.data);
  if (!message.success) {
    logWarn("chat.messageUnreadable", { teamId: event.teamId, channelId: event.channelId, messageId: event.messageId });
    return;
  }
  await recordLastMessage(event.teamId, event.channelId, message.data.createdAt);
}
