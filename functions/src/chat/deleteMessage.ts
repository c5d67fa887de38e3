import { channelRef, chatAttachmentPrefix } from "../common/collections/chat.js";
import { teamRef } from "../common/collections/teams.js";
import { messageSchema } from "../models/chat.js";
import { db } from "../common/firebase.js";
import { logWarn } from "../common/logs.js";
import { deleteStorageFile } from "./attachments.js";

/** What a message trigger hands its handler: where the message was and its data. */
export interface MessageEvent {
  teamId: string;
  channelId: string;
  messageId: string;
  data: unknown;
}

/**
 * A message was deleted: delete its attachment file. A message without one costs nothing (no
 * read). A message removed with its channel or team is skipped: the deletion job removes the
 * channel's or team's whole Storage folder by prefix, so the one read of the channel and team
 * (gone, or marked `deletingAt`) replaces a Storage call per message. docs/chat.md.
 */
export async function handleMessageDeleted(event: MessageEvent): Promise<void> {
  const message = messageSchema.safeParse(event.data);
  const path = message.success ? message.data.attachment?.storagePath : undefined;
  if (!path) return;
  if (!path.startsWith(chatAttachmentPrefix(event.teamId, event.channelId))) {
    logWarn("chat.attachmentOutsideChannel", { teamId: event.teamId, channelId: event.channelId, messageId: event.messageId });
    return;
  }
  const [channel, team] = await db().getAll(
    channelRef(event.teamId, event.channelId).withConverter(null),
    teamRef(event.teamId).withConverter(null),
  );
  if (!channel.exists || team.get("deletingAt") !== undefined) return;
  await deleteStorageFile(path);
}
