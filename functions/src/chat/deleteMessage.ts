import { chatAttachmentPrefix, messageSchema } from "../common/collections.js";
import { logWarn } from "../common/logs.js";
import { deleteStorageFile } from "./attachments.js";

/** What a message trigger hands its handler: where the message was and its data. */
export interface MessageEvent {
  teamId: string;
  channelId: string;
  messageId: string;
  data: unknown;
}

/** A message was deleted (by its sender or with its channel): delete its attachment file. */
export async function handleMessageDeleted(event: MessageEvent): Promise<void> {
  const message = messageSchema.safeParse(event.data);
  const path = message.success ? message.data.attachment?.storagePath : undefined;
  if (!path) return;
  if (!path.startsWith(chatAttachmentPrefix(event.teamId, event.channelId))) {
    logWarn("chat.attachmentOutsideChannel", { teamId: event.teamId, channelId: event.channelId, messageId: event.messageId });
    return;
  }
  await deleteStorageFile(path);
}
