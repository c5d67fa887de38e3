/**
 * Connected social accounts (CONTRACT §6): `teams/{teamId}/connectedAccounts/{accountId}`, the
 * `connections-*` callables and the settings-page redirect of the OAuth callback. Typed from
 * the contract; the connections domain's own schemas are merged into this module.
 */
import * as z from "zod";
import { campaignPlatforms } from "./campaign.js";
import { docId, timestamp } from "./shared.js";

// ---- documents ------------------------------------------------------------------------

export const connectedAccountKinds = ["profile", "page", "organization"] as const;
export type ConnectedAccountKind = (typeof connectedAccountKinds)[number];

export const connectedAccountHealths = ["ok", "expiring", "needs_reauth", "error"] as const;
export type ConnectedAccountHealth = (typeof connectedAccountHealths)[number];

/** `teams/{teamId}/connectedAccounts/{accountId}`: members read; only functions write; never a token. */
export const connectedAccountSchema = z.object({
  platform: z.enum(campaignPlatforms),
  platformAccountId: z.string(),
  kind: z.enum(connectedAccountKinds),
  displayName: z.string(),
  profileImageUrl: z.string().nullable().optional(),
  scopes: z.array(z.string()),
  connectedBy: z.string(),
  connectedAt: timestamp,
  expiresAt: timestamp.nullable().optional(),
  health: z.enum(connectedAccountHealths),
  healthReason: z.string().nullable().optional(),
  lastRefreshedAt: timestamp.nullable().optional(),
});
export type ConnectedAccount = z.infer<typeof connectedAccountSchema>;

// ---- the callback's redirect to `${APP_URL}/settings` --------------------------------------

export const connectionErrorReasons = ["denied", "expired", "invalid_state", "platform_error"] as const;
export type ConnectionErrorReason = (typeof connectionErrorReasons)[number];

/** The query parameters of the settings page after the OAuth callback. */
export const CONNECTION_REDIRECT_PARAMS = {
  status: "connection_status",
  platform: "platform",
  pendingId: "pendingId",
  reason: "reason",
} as const;

// ---- callables: requests and responses ----------------------------------------------------

/** `connections-start { teamId, platform }` → `{ authorizationUrl }` (any member). */
export const startConnectionInput = z.strictObject({ teamId: docId, platform: z.enum(campaignPlatforms) });
export const startConnectionResponse = z.object({ authorizationUrl: z.string() });
export type StartConnectionResponse = z.infer<typeof startConnectionResponse>;

/** One account a grant reaches (a profile, a Facebook Page, a LinkedIn organisation). */
export const connectionTarget = z.object({
  targetId: z.string(),
  kind: z.enum(connectedAccountKinds),
  displayName: z.string(),
  profileImageUrl: z.string().nullable().optional(),
});
export type ConnectionTarget = z.infer<typeof connectionTarget>;

/** `connections-getPending { pendingId }` → `{ platform, teamId, targets }` (the member who started). */
export const getPendingConnectionInput = z.strictObject({ pendingId: docId });
export const pendingConnection = z.object({
  platform: z.enum(campaignPlatforms),
  teamId: z.string(),
  targets: z.array(connectionTarget),
});
export type PendingConnection = z.infer<typeof pendingConnection>;

/** `connections-complete { pendingId, targetIds? }` → `{ connectedAccountIds }` (default: every target). */
export const completeConnectionInput = z.strictObject({ pendingId: docId, targetIds: z.array(z.string().min(1)).min(1).optional() });
export const completeConnectionResponse = z.object({ connectedAccountIds: z.array(z.string()) });
export type CompleteConnectionResponse = z.infer<typeof completeConnectionResponse>;

/** `connections-disconnect { teamId, connectedAccountId }` → `{}` (the connector, the owner or an admin). */
export const disconnectInput = z.strictObject({ teamId: docId, connectedAccountId: docId });
