/**
 * The `details` of callable errors that carry more than a reason (the credit limit). The
 * `details.reason` lists themselves are in reasons.ts, free of zod for the client's helpers.
 */
import * as z from "zod";

export { errorReasons, retryLaterReasons, type ErrorReason, type RetryLaterReason } from "./reasons.js";

/** `permission-denied` "AI credit limit reached": `details` of the refused AI call. */
export const creditLimitDetails = z.object({
  reason: z.literal("ai-credit-limit"),
  used: z.number(),
  limit: z.number(),
  /** ISO 8601, UTC: when the month's credits reset. */
  resetsAt: z.string(),
});
export type CreditLimitDetails = z.infer<typeof creditLimitDetails>;
