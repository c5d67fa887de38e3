/**
 * The `details.reason` values callables attach to their errors, so that the frontend can tell
 * refusals apart without parsing messages (CONTRACT "Conventions", §2, §7).
 */
import * as z from "zod";

export const errorReasons = [
  // AI proxy and credits
  "ai-credit-limit",
  "ai-rate-limit",
  "ai-contention",
  "ai-request-in-flight",
  "ai-request-completed",
  "ai-no-api-key",
  "ai-no-base-url",
  "ai-unsafe-base-url",
  "ai-provider-disabled",
  "ai-provider-auth",
  "ai-provider-rate-limit",
  "ai-provider-refused",
  "ai-provider-error",
  "ai-no-image-model",
  "ai-no-image",
  "ai-invalid-json",
  // teams and invitations
  "email-not-verified",
  "team-full",
  "already-member",
  "already-invited",
  "invitation-rate-limit",
  "owner-must-transfer",
  "owner-role",
  "already-owner",
  "team-deleted",
  "invitation-accepted",
  "invitation-declined",
  "invitation-expired",
  "invitation-revoked",
] as const;
export type ErrorReason = (typeof errorReasons)[number];

/** `permission-denied` "AI credit limit reached": `details` of the refused AI call. */
export const creditLimitDetails = z.object({
  reason: z.literal("ai-credit-limit"),
  used: z.number(),
  limit: z.number(),
  /** ISO 8601, UTC: when the month's credits reset. */
  resetsAt: z.string(),
});
export type CreditLimitDetails = z.infer<typeof creditLimitDetails>;
