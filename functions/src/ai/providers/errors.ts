import { DomainError } from "../../common/errors.js";
import { logError } from "../../common/logs.js";

/** True when `error` is the abort of a request we cancelled ourselves. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "APIUserAbortError");
}

/** The error a provider throws when its request's signal aborted it. */
export function abortError(): Error {
  return Object.assign(new Error("The request was aborted."), { name: "AbortError" });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * Turns an SDK error from a provider into a DomainError the client can act on, without the
 * provider's raw message (it may echo request data).
 */
export function providerFailure(providerId: string, error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const status = statusOf(error);
  logError("ai.providerFailed", error, { providerId, status });
  if (status === 401 || status === 403) {
    return new DomainError("failed-precondition", `The API key for ${providerId} was rejected.`, {
      reason: "ai-provider-auth",
      providerId,
    });
  }
  if (status === 429) {
    return new DomainError("resource-exhausted", `${providerId} is rate limiting requests; try again shortly.`, {
      reason: "ai-provider-rate-limit",
      providerId,
    });
  }
  if (status === 400 || status === 404) {
    return new DomainError("invalid-argument", `${providerId} refused the request (HTTP ${status}); check the model and prompt.`, {
      reason: "ai-provider-refused",
      providerId,
      status,
    });
  }
  return new DomainError("unavailable", `${providerId} failed to answer${status ? ` (HTTP ${status})` : ""}; no credit was used.`, {
    reason: "ai-provider-error",
    providerId,
  });
}
