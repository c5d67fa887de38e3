import { onDocumentDeleted } from "firebase-functions/v2/firestore";
import { handleChannelDeleted } from "./deleteChannel.js";
import { handleMessageDeleted } from "./deleteMessage.js";

const CHANNEL = "teams/{teamId}/channels/{channelId}";
const MESSAGE = `${CHANNEL}/messages/{messageId}`;

/** Deletes a deleted message's attachment file (not for the messages of a deleted channel: deleteMessage.ts). */
export const onMessageDeleted = onDocumentDeleted({ document: MESSAGE, retry: true }, async (event) => {
  await handleMessageDeleted({ ...event.params, data: event.data?.data() });
});

/** Deletes a deleted channel's messages, typing documents, read markers and attachments (a chunked job). */
export const onChannelDeleted = onDocumentDeleted({ document: CHANNEL, retry: true }, async (event) => {
  await handleChannelDeleted({ ...event.params, eventId: event.id });
});
