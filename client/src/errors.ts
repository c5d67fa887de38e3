/**
 * Telling callable errors apart: the code (`permission-denied`, ...) and `details.reason`
 * (CONTRACT "Conventions"). Duck-typed, so errors from another copy of the SDK work too.
 */
import type { FunctionsError, FunctionsErrorCodeCore } from "firebase/functions";
import type { CreditLimitDetails } from "../../functions/src/models/errors.js";
import { retryLaterReasons, type ErrorReason } from "../../functions/src/models/reasons.js";

/** An error a callable returned. */
export function isCallableError(error: unknown): error is FunctionsError {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === "string" &&
    (error as FunctionsError).code.startsWith("functions/")
  );
}

/** The callable error's code without the `functions/` prefix, e.g. `permission-denied`. */
export function errorCode(error: unknown): FunctionsErrorCodeCore | undefined {
  return isCallableError(error) ? (error.code.slice("functions/".length) as FunctionsErrorCodeCore) : undefined;
}

function detailsOf(error: unknown): Record<string, unknown> | undefined {
  if (!isCallableError(error)) return undefined;
  const details: unknown = error.details;
  return typeof details === "object" && details !== null ? (details as Record<string, unknown>) : undefined;
}

/** `details.reason` of a callable error, if it has one. */
export function errorReason(error: unknown): ErrorReason | undefined {
  const reason = detailsOf(error)?.reason;
  return typeof reason === "string" ? (reason as ErrorReason) : undefined;
}

/** The error is a callable error with this `details.reason`. */
export function hasReason(error: unknown, reason: ErrorReason): error is FunctionsError {
  return errorReason(error) === reason;
}

/** Out of AI credits this month: `details` has `used`, `limit` and `resetsAt` (ISO 8601). */
export function isCreditLimitError(error: unknown): error is FunctionsError & { details: CreditLimitDetails } {
  const details = detailsOf(error);
  return (
    errorCode(error) === "permission-denied" &&
    details?.reason === "ai-credit-limit" &&
    typeof details.used === "number" &&
    typeof details.limit === "number" &&
    typeof details.resetsAt === "string"
  );
}

/**
 * The call needs a verified email: `invitations-accept` (`email-not-verified`), or an AI call on
 * the platform's key (`ai-email-not-verified`; an own API key needs none). Call
 * `sendEmailVerification` first.
 */
export function isEmailNotVerifiedError(error: unknown): error is FunctionsError {
  return (
    errorCode(error) === "failed-precondition" && (hasReason(error, "email-not-verified") || hasReason(error, "ai-email-not-verified"))
  );
}

const RETRY_LATER: ReadonlySet<string> = new Set<string>(retryLaterReasons);

/** A refusal that passes with time (rate limits, a request still running); see `retryAfterMs`. */
export function isRetryLaterError(error: unknown): error is FunctionsError {
  const reason = errorReason(error);
  return reason !== undefined && RETRY_LATER.has(reason);
}

/**
 * How long to wait before retrying, from `details`: `retryAfterSeconds`, or `retryAt` (ISO 8601)
 * relative to `now`. Undefined when the error says neither.
 */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const details = detailsOf(error);
  if (typeof details?.retryAfterSeconds === "number") return details.retryAfterSeconds * 1000;
  if (typeof details?.retryAt === "string") {
    const at = Date.parse(details.retryAt);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/** The account is being deleted (`identity-ensureProfile`): sign the user out. */
export function isAccountDeletedError(error: unknown): error is FunctionsError {
  return errorCode(error) === "failed-precondition" && hasReason(error, "account-deleted");
}

/** The connected account must be connected again (`needs-reauth`): `details.connectedAccountId` names it. */
export function isNeedsReauthError(
  error: unknown,
): error is FunctionsError & { details: { reason: "needs-reauth"; connectedAccountId: string } } {
  return errorCode(error) === "failed-precondition" && hasReason(error, "needs-reauth");
}
