/**
 * The `details.reason` values callables attach to their errors, so that the frontend can tell
 * refusals apart without parsing messages (CONTRACT "Conventions", §1, §2, §3, §6, §7). Every
 * `reason:` the functions send is listed (test/unit/client.test.ts checks it against functions/src).
 * No zod here: the client's error helpers import these lists without pulling the schemas in.
 */

export const errorReasons = [
  // AI proxy and credits
  "ai-credit-limit",
  "ai-rate-limit",
  "ai-too-many-in-flight",
  "ai-contention",
  "ai-request-in-flight",
  "ai-request-completed",
  "ai-email-not-verified",
  "ai-no-api-key",
  "ai-no-base-url",
  "ai-unsafe-base-url",
  "ai-base-url-needs-own-key",
  "ai-model-not-allowed",
  "ai-provider-disabled",
  "ai-provider-auth",
  "ai-provider-rate-limit",
  "ai-provider-refused",
  "ai-provider-timeout",
  "ai-provider-error",
  "ai-no-image-model",
  "ai-no-image",
  "ai-invalid-json",
  // AI provider settings
  "ai-config-save-rate-limit",
  // identity
  "account-deleted",
  // teams and invitations
  "email-not-verified",
  "team-full",
  "team-limit",
  "owned-team-limit",
  "already-member",
  "already-invited",
  "invitation-rate-limit",
  "recipient-mail-limit",
  "owner-must-transfer",
  "owner-role",
  "already-owner",
  "team-deleted",
  "invitation-accepted",
  "invitation-declined",
  "invitation-expired",
  "invitation-revoked",
  // connected accounts
  "platform-not-configured",
  "pending-expired",
  "pending-used",
  "needs-reauth",
  // publishing (posts-publishNow, posts-retry)
  "publishing",
  "unknown-outcome",
  "not-scheduled",
  "not-failed",
] as const;
export type ErrorReason = (typeof errorReasons)[number];

/**
 * Refusals that pass with time, and what `details` says about when: `retryAfterSeconds` (a
 * request still running), `retryAt` (ISO 8601: invitation limits) or a per-minute/hour limit.
 */
export const retryLaterReasons = [
  "ai-rate-limit",
  "ai-too-many-in-flight",
  "ai-contention",
  "ai-request-in-flight",
  "ai-provider-rate-limit",
  "ai-provider-timeout",
  "ai-config-save-rate-limit",
  "invitation-rate-limit",
  "recipient-mail-limit",
] as const satisfies readonly ErrorReason[];
export type RetryLaterReason = (typeof retryLaterReasons)[number];
