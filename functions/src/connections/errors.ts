/**
 * What can go wrong between us and a platform, sorted by what it means for the account:
 * only a refused grant makes it `needs_reauth`; everything transient is retried.
 */
import { DomainError } from "../common/errors.js";

/**
 * The account cannot be used until a member connects it again: it is `needs_reauth`, or the
 * platform refused its grant just now. A `failed-precondition` at a callable edge.
 */
export class NeedsReauthError extends DomainError {
  constructor(
    readonly teamId: string,
    readonly accountId: string,
  ) {
    super("failed-precondition", "This connected account must be reconnected.", { reason: "needs-reauth", connectedAccountId: accountId });
    this.name = "NeedsReauthError";
  }
}

/** The platform refused the grant for good: `invalid_grant`, a revoked or expired token. */
export class GrantRefusedError extends Error {
  constructor(readonly platformError: string) {
    super(`The platform refused the grant (${platformError}).`);
    this.name = "GrantRefusedError";
  }
}

/** A failure worth retrying later: timeout, network error, 5xx or 429. Never a reason to reauth. */
export class PlatformUnavailableError extends Error {
  constructor(
    readonly status: number | null,
    detail: string,
  ) {
    super(`The platform is unavailable (${status ?? "no response"}): ${detail}`);
    this.name = "PlatformUnavailableError";
  }
}

/** Any other unexpected answer (a malformed response, an unexpected 4xx). */
export class PlatformResponseError extends Error {
  constructor(
    readonly status: number | null,
    detail: string,
  ) {
    super(`The platform answered unexpectedly (${status ?? "no status"}): ${detail}`);
    this.name = "PlatformResponseError";
  }
}

/** A platform error message never carries a token into a log: only these short codes are kept. */
export function safeErrorCode(value: unknown): string {
  return typeof value === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : "unknown";
}
