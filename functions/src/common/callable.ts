import { HttpsError, onCall, type CallableOptions, type CallableRequest, type CallableResponse } from "firebase-functions/v2/https";
import type { DecodedIdToken } from "firebase-admin/auth";
import type { z } from "zod";
import { DomainError } from "./errors.js";
import { logError } from "./logs.js";
import { enforceAppCheck } from "./params.js";

/** What a callable handler receives once auth and input are checked. */
export interface CallContext<Input, Chunk = unknown> {
  uid: string;
  token: DecodedIdToken;
  /** The lowercased email of the caller's ID token, if any (verified or not: see emailVerified). */
  email: string | null;
  /** Whether Firebase Auth has verified `email` (the token's `email_verified`). */
  emailVerified: boolean;
  data: Input;
  /** Present on streaming calls: `sendChunk` and the client's abort `signal`. */
  response?: CallableResponse<Chunk>;
  rawRequest: CallableRequest["rawRequest"];
}

/** Like CallContext, for the few callables anyone may call (e.g. reading an invitation). */
export interface PublicCallContext<Input> {
  uid: string | null;
  token: DecodedIdToken | null;
  email: string | null;
  emailVerified: boolean;
  data: Input;
  rawRequest: CallableRequest["rawRequest"];
}

/** Turns a zod error into one readable sentence that names each bad field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "request"}: ${issue.message}`)
    .join("; ");
}

/** Parses `raw` with `schema` or throws `invalid-argument` naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) throw new HttpsError("invalid-argument", `Invalid request: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

/**
 * Maps anything a handler throws to an HttpsError without leaking internals. The request's own
 * validation answers `invalid-argument` in `parseInput`; a ZodError that gets here came from
 * something else (a stored document that does not parse), which is no fault of the caller's:
 * `internal`, logged, like any other unexpected error.
 */
export function toHttpsError(name: string, error: unknown): HttpsError {
  if (error instanceof HttpsError) return error;
  if (error instanceof DomainError) return new HttpsError(error.code, error.message, error.details);
  logError("callable.failed", error, { callable: name });
  return new HttpsError("internal", "Something went wrong. Please try again.");
}

function checkAppCheck(request: CallableRequest): void {
  if (enforceAppCheck.value() && !request.app) {
    throw new HttpsError("unauthenticated", "This request needs a valid App Check token.");
  }
}

function emailOf(token: DecodedIdToken | undefined): string | null {
  return token?.email ? token.email.trim().toLowerCase() : null;
}

/**
 * A callable that requires a signed-in caller, validates its input with zod and maps domain
 * errors to HttpsError. `name` is only used in logs.
 */
export function validatedOnCall<S extends z.ZodType, Result, Chunk = unknown>(
  name: string,
  schema: S,
  handler: (ctx: CallContext<z.output<S>, Chunk>) => Promise<Result>,
  options: CallableOptions = {},
) {
  return onCall<unknown, Promise<Result>, Chunk>(options, async (request, response) => {
    try {
      checkAppCheck(request);
      if (!request.auth) throw new HttpsError("unauthenticated", "Sign in to do this.");
      const data = parseInput(schema, request.data);
      return await handler({
        uid: request.auth.uid,
        token: request.auth.token,
        email: emailOf(request.auth.token),
        emailVerified: request.auth.token.email_verified === true,
        data,
        response,
        rawRequest: request.rawRequest,
      });
    } catch (error) {
      throw toHttpsError(name, error);
    }
  });
}

/** Like validatedOnCall, for callables that signed-out callers may use too. */
export function validatedPublicOnCall<S extends z.ZodType, Result>(
  name: string,
  schema: S,
  handler: (ctx: PublicCallContext<z.output<S>>) => Promise<Result>,
  options: CallableOptions = {},
) {
  return onCall<unknown, Promise<Result>>(options, async (request) => {
    try {
      checkAppCheck(request);
      const data = parseInput(schema, request.data);
      return await handler({
        uid: request.auth?.uid ?? null,
        token: request.auth?.token ?? null,
        email: emailOf(request.auth?.token),
        emailVerified: request.auth?.token.email_verified === true,
        data,
        rawRequest: request.rawRequest,
      });
    } catch (error) {
      throw toHttpsError(name, error);
    }
  });
}
