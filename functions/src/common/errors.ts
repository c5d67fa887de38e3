import type { FunctionsErrorCode } from "firebase-functions/v2/https";

/** The error codes the frontend relies on (CONTRACT.md, "Conventions"). */
export type DomainErrorCode = Extract<
  FunctionsErrorCode,
  | "invalid-argument"
  | "unauthenticated"
  | "permission-denied"
  | "not-found"
  | "already-exists"
  | "failed-precondition"
  | "resource-exhausted"
  | "unavailable"
  | "internal"
>;

/**
 * An expected failure raised by a service. Only the callable edge turns it into an
 * `HttpsError`; services never know about HTTP.
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("not-found", `${what} not found.`);
export const permissionDenied = (message = "You are not allowed to do this.") => new DomainError("permission-denied", message);
export const failedPrecondition = (message: string, details?: Record<string, unknown>) =>
  new DomainError("failed-precondition", message, details);
export const invalidArgument = (message: string) => new DomainError("invalid-argument", message);
