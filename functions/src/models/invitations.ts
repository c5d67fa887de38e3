/** Invitations (CONTRACT §2): `invitations/{id}`, token lookup, rate limit and `invitations-*`. */
import * as z from "zod";
import { timestamp } from "./shared.js";

// ---- documents ------------------------------------------------------------------------

export const invitationStatuses = ["pending", "accepted", "declined", "expired", "revoked"] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

/** `invitations/{invitationId}`: owner/admin of the team read; only functions write. */
export const invitationSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  email: z.string(),
  status: z.enum(invitationStatuses),
  invitedBy: z.string(),
  invitedByName: z.string(),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export type Invitation = z.infer<typeof invitationSchema>;

/**
 * `invitationTokens/{sha256(token)}`: finds an invitation from its token. The token itself is
 * stored nowhere; no client can read this collection.
 */
export const invitationTokenSchema = z.object({ invitationId: z.string(), teamId: z.string(), createdAt: timestamp });
export type InvitationToken = z.infer<typeof invitationTokenSchema>;

/** `users/{uid}/rateLimits/invitations`: when the user's recent invitations were sent. */
export const invitationRateSchema = z.object({ sentAt: z.array(timestamp) });
export type InvitationRate = z.infer<typeof invitationRateSchema>;

// ---- callables: requests and responses ----------------------------------------------------

/** An invitation token as the accept link carries it. */
export const invitationToken = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,128}$/, "must be an invitation token");

/** `invitations-get|accept|decline { token }`. */
export const tokenInput = z.strictObject({ token: invitationToken });
export type TokenInput = z.output<typeof tokenInput>;

/** `invitations-get` → what the invite page shows to whoever holds the token. */
export const invitationView = z.object({
  teamId: z.string(),
  teamName: z.string(),
  email: z.string(),
  invitedByName: z.string(),
  status: z.enum(invitationStatuses),
  /** ISO 8601, UTC. */
  expiresAt: z.string(),
});
export type InvitationView = z.infer<typeof invitationView>;

/** `invitations-accept` → `{ teamId }`. */
export const acceptInvitationResponse = z.object({ teamId: z.string() });
export type AcceptInvitationResponse = z.infer<typeof acceptInvitationResponse>;
