/** Team chat (CONTRACT §8): channels, messages, typing and read markers. */
import * as z from "zod";
import { timestamp } from "./shared.js";

/**
 * `teams/{teamId}/channels/{channelId}`. A channel never changes after create: the message,
 * typing and read-marker rules read it, and every change to a document the rules read makes
 * each open listener pay its rule reads again. Last activity is derived from the messages
 * instead (the newest message, docs/chat.md).
 */
export const channelSchema = z.object({
  name: z.string(),
  isDirectMessage: z.boolean(),
  memberIds: z.array(z.string()),
  createdBy: z.string(),
  createdAt: timestamp,
});
export type Channel = z.infer<typeof channelSchema>;

export const attachmentSchema = z.object({
  storagePath: z.string(),
  fileName: z.string(),
  fileType: z.string(),
  size: z.number(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** `.../channels/{channelId}/messages/{id}`: written by clients under the rules. */
export const messageSchema = z.object({
  senderId: z.string(),
  senderName: z.string(),
  text: z.string().optional(),
  attachment: attachmentSchema.optional(),
  createdAt: timestamp,
});
export type Message = z.infer<typeof messageSchema>;

/** `.../channels/{channelId}/typing/{uid}`: one per typing user, stale once `expiresAt` passed. */
export const typingSchema = z.object({ userName: z.string(), expiresAt: timestamp });
export type Typing = z.infer<typeof typingSchema>;

/** `teams/{teamId}/members/{uid}/reads/{channelId}`: the member's read marker of a channel. */
export const readMarkerSchema = z.object({ lastReadAt: timestamp });
export type ReadMarker = z.infer<typeof readMarkerSchema>;
