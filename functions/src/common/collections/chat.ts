/** Collections of chat (docs/chat.md); shapes in `models/chat.ts`. */
import { channelSchema, messageSchema, readMarkerSchema, typingSchema } from "../../models/chat.js";
import { typedCollection } from "./typed.js";

export const channels = (teamId: string) => typedCollection(`teams/${teamId}/channels`, channelSchema);
export const channelRef = (teamId: string, channelId: string) => channels(teamId).doc(channelId);

export const messages = (teamId: string, channelId: string) =>
  typedCollection(`teams/${teamId}/channels/${channelId}/messages`, messageSchema);

export const typing = (teamId: string, channelId: string) => typedCollection(`teams/${teamId}/channels/${channelId}/typing`, typingSchema);

export const reads = (teamId: string, uid: string) => typedCollection(`teams/${teamId}/members/${uid}/reads`, readMarkerSchema);

/** Storage folder of a channel's attachments: `teams/{teamId}/chat/{channelId}/`. */
export const chatAttachmentPrefix = (teamId: string, channelId?: string) =>
  channelId === undefined ? `teams/${teamId}/chat/` : `teams/${teamId}/chat/${channelId}/`;
