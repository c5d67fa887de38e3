/**
 * Connected social accounts (CONTRACT §6): `teams/{teamId}/connectedAccounts/{accountId}`, the
 * `connections-*` callables and the settings-page redirect of the OAuth callback. The
 * connections domain (`functions/src/connections/`) reads and writes these shapes.
 */
import * as z from "zod";
import { campaignPlatforms } from "./campaignEnums.js";
import { documentId, sealedSecretFields, timestamp } from "./shared.js";

// ---- documents ------------------------------------------------------------------------

export const connectedAccountKinds = ["profile", "page", "organization"] as const;
export type ConnectedAccountKind = (typeof connectedAccountKinds)[number];

export const accountHealths = ["ok", "expiring", "needs_reauth", "error"] as const;
export type AccountHealth = (typeof accountHealths)[number];
/** The contract's names for the same. */
export const connectedAccountHealths = accountHealths;
export type ConnectedAccountHealth = AccountHealth;

/**
 * `teams/{teamId}/connectedAccounts/{accountId}`: members read; only functions write; never a
 * token in any form. The id is derived from the platform and the platform account id
 * (connections/ids.ts), so one platform account has one document per team.
 */
export const connectedAccountSchema = z.object({
  platform: z.enum(campaignPlatforms),
  platformAccountId: z.string(),
  kind: z.enum(connectedAccountKinds),
  displayName: z.string(),
  profileImageUrl: z.string().nullable(),
  scopes: z.array(z.string()),
  connectedBy: z.string(),
  connectedAt: timestamp,
  /**
   * When the access token expires; absent for tokens that do not expire (Facebook Pages). Accounts
   * written before 2 December 2026 hold null for those, read the same way.
   */
  expiresAt: timestamp.nullable().optional(),
  health: z.enum(accountHealths),
  healthReason: z.string().optional(),
  lastRefreshedAt: timestamp.optional(),
});
export type ConnectedAccount = z.infer<typeof connectedAccountSchema>;

/**
 * `accountTokenStates/{teamId}:{accountId}` (server only): when an account's tokens are next due
 * for refresh, the refresh lease, and the failure count behind `health: error`. Kept apart from
 * the account so that members never see it and the sweep queries one collection.
 */
export const accountTokenStateSchema = z.object({
  teamId: z.string(),
  accountId: z.string(),
  platform: z.enum(campaignPlatforms),
  connectedBy: z.string(),
  /** Null when nothing is left to refresh (Facebook Pages, or an account that needs reauth). */
  refreshDueAt: timestamp.nullable(),
  leaseId: z.string().nullable(),
  leaseUntil: timestamp.nullable(),
  failures: z.number().int().nonnegative(),
  /** The connector was mailed about this `needs_reauth` episode; reset when the account recovers. */
  reauthMailed: z.boolean(),
  updatedAt: timestamp,
});
export type AccountTokenState = z.infer<typeof accountTokenStateSchema>;

/**
 * `connectionStates/{sha256(state)}` (server only): one OAuth authorization in flight, bound to
 * the member, team, platform and PKCE verifier; deleted by the callback that uses it.
 */
export const connectionStateSchema = z.object({
  uid: z.string(),
  teamId: z.string(),
  platform: z.enum(campaignPlatforms),
  codeVerifier: z.string().nullable(),
  redirectUri: z.string(),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export type ConnectionState = z.infer<typeof connectionStateSchema>;

/** One account a grant reaches (a profile, a Facebook Page, a LinkedIn organisation). */
export const connectionTargetSchema = z.object({
  targetId: z.string(),
  kind: z.enum(connectedAccountKinds),
  displayName: z.string(),
  profileImageUrl: z.string().nullable(),
});
export type ConnectionTarget = z.infer<typeof connectionTargetSchema>;

/**
 * `pendingConnections/{pendingId}` (server only): a grant the callback obtained, sealed with the
 * crypto envelope, waiting for `connections-complete` by the member who started the flow.
 */
export const pendingConnectionSchema = z.object({
  uid: z.string(),
  teamId: z.string(),
  platform: z.enum(campaignPlatforms),
  targets: z.array(connectionTargetSchema),
  /** The sealed tokens; deleted when the connection is completed. */
  grant: z.object(sealedSecretFields).optional(),
  /**
   * What `connections-complete` connected. The document stays (without its grant) until it
   * expires, so that a retried complete (its first answer lost to the network) gets the same answer.
   */
  completed: z.object({ targetIds: z.array(z.string()), connectedAccountIds: z.array(z.string()) }).optional(),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export type PendingConnection = z.infer<typeof pendingConnectionSchema>;

/**
 * `accountRevocations/{teamId:accountId}` (server only): an account removed by a cleanup (member
 * left, user or team deleted) whose grant is still to be revoked at the platform. The account
 * document is already gone; a connections trigger revokes with the sealed tokens, then deletes
 * them and this document.
 */
export const accountRevocationSchema = z.object({
  teamId: z.string(),
  accountId: z.string(),
  platform: z.enum(campaignPlatforms),
  reason: z.string(),
  createdAt: timestamp,
});
export type AccountRevocation = z.infer<typeof accountRevocationSchema>;

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

export const platformName = z.enum(campaignPlatforms, { message: `must be one of ${campaignPlatforms.join(", ")}` });

/** `connections-start { teamId, platform }` → `{ authorizationUrl }` (any member). */
export const startConnectionInput = z.strictObject({ teamId: documentId, platform: platformName });
export const startConnectionResponse = z.object({ authorizationUrl: z.string() });
export type StartConnectionResponse = z.infer<typeof startConnectionResponse>;

/** `connections-getPending { pendingId }` → `{ platform, teamId, targets }` (the member who started). */
export const getPendingConnectionInput = z.strictObject({ pendingId: documentId });
export const pendingView = z.object({
  platform: z.enum(campaignPlatforms),
  teamId: z.string(),
  targets: z.array(connectionTargetSchema),
});
export type PendingView = z.infer<typeof pendingView>;

/** `connections-complete { pendingId, targetIds? }` → `{ connectedAccountIds }` (default: every target). */
export const completeConnectionInput = z.strictObject({
  pendingId: documentId,
  targetIds: z.array(z.string().min(1).max(256)).min(1, "must name at least one target").max(100).optional(),
});
export const completeConnectionResponse = z.object({ connectedAccountIds: z.array(z.string()) });
export type CompleteConnectionResponse = z.infer<typeof completeConnectionResponse>;

/** `connections-disconnect { teamId, connectedAccountId }` → `{}` (the connector, the owner or an admin). */
export const disconnectInput = z.strictObject({ teamId: documentId, connectedAccountId: documentId });
