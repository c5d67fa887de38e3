/**
 * Telling callable errors apart: the code (`permission-denied`, ...) and `details.reason`
 * (CONTRACT "Conventions"). Duck-typed, so errors from another copy of the SDK work too.
 */
import type { FunctionsError, FunctionsErrorCodeCore } from "firebase/functions";
import type { CreditLimitDetails, ErrorReason } from "../../functions/src/models/errors.js";

/** An error a callable returned. */
export function isCallableError(error: unknown): error is FunctionsError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string" && (error as FunctionsError).code.startsWith("functions/");
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

/** `invitations-accept` needs a verified email: call `sendEmailVerification` first. */
export function isEmailNotVerifiedError(error: unknown): error is FunctionsError {
  return errorCode(error) === "failed-precondition" && hasReason(error, "email-not-verified");
}
