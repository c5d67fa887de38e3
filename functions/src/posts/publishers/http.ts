/**
 * HTTP to the platforms' REST APIs (fetch, JSON or form bodies), with their failures sorted into
 * what publishing needs to decide: refused before anything was created (401, 429, other 4xx,
 * a failed preparatory step), possibly created (a create call that died mid-way), or accepted
 * but not confirmed (anything that went wrong after the create call succeeded).
 */
import { PLATFORM_CALL_TIMEOUT_MS } from "../timing.js";

/**
 * `prepare`: uploads, containers, lookups; nothing is public yet, so a failure there is safe.
 * `create`: the call that makes the post public; if it dies mid-way the outcome is unknown.
 * `confirm`: reading back a post the platform has already accepted (TikTok's publish status).
 * Whatever such a call answers, the post may be online: every failure of it is a
 * PlatformUnconfirmedError, never an HTTP error that could lead to a refresh-and-publish-again
 * or to the post going back to the queue.
 */
export type CallStep = "prepare" | "create" | "confirm";

/** The platform answered with an HTTP error. */
export class PlatformHttpError extends Error {
  constructor(
    readonly status: number,
    readonly step: CallStep,
    readonly platformMessage: string,
    /** From `Retry-After` / `x-rate-limit-reset` / `x-ratelimit-reset`, when the platform sent one. */
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}: ${platformMessage}`);
    this.name = "PlatformHttpError";
  }
}

/** `fetch failed` plus the socket-level reason undici keeps in `cause` (ECONNRESET, a timeout...). */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = inner ? [inner.code, inner.message].filter((part) => typeof part === "string").join(" ") : "";
  return detail ? `${cause.message} (${detail})` : cause.message;
}

/** No HTTP answer (connection lost, timeout). During `create` the post may exist or not. */
export class PlatformNetworkError extends Error {
  constructor(
    readonly step: CallStep,
    cause: unknown,
  ) {
    super(`No answer from the platform: ${describeCause(cause)}`);
    this.name = "PlatformNetworkError";
  }
}

/**
 * The platform accepted the post (its create call succeeded) but did not confirm it: a `confirm`
 * call failed, the create answer lacked the post's id, or the platform did not report the post
 * done in time. Publishing stops here with `unknown-outcome`: calling again could post twice.
 */
export class PlatformUnconfirmedError extends Error {
  constructor(detail: string) {
    super(`The platform accepted the post but did not confirm it: ${detail}`);
    this.name = "PlatformUnconfirmedError";
  }
}

/**
 * The platform's answer named an upload URL on a host the platform catalog does not list for it
 * (connections/platforms.ts `uploadHosts`): the token is not sent there, and nothing was created.
 */
export class UntrustedUploadUrlError extends Error {
  /** The URL's host only: the rest of an upload URL may carry an upload credential. */
  readonly host: string;
  constructor(url: string) {
    let host = "an unreadable address";
    try {
      host = new URL(url).host || host;
    } catch {
      // keep the placeholder
    }
    super(`Upload URL on a host the platform catalog does not list: ${host}`);
    this.name = "UntrustedUploadUrlError";
    this.host = host;
  }
}

/** The platform answered 2xx but said the operation failed (e.g. a media container in ERROR). */
export class PlatformRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlatformRejectedError";
  }
}

/**
 * Milliseconds until the platform's rate-limit window resets: `Retry-After` (seconds or an HTTP
 * date), or `x-rate-limit-reset` / `x-ratelimit-reset` (epoch seconds, or seconds from now when small).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = headers.get("x-rate-limit-reset") ?? headers.get("x-ratelimit-reset");
  if (reset) {
    const value = Number(reset);
    if (Number.isFinite(value)) return Math.max(0, value > 1e9 ? value * 1000 - now : value * 1000);
  }
  return null;
}

function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = parsed.error as Record<string, unknown> | string | undefined;
    if (typeof error === "string") return error;
    const candidates = [error?.message, parsed.detail, parsed.message, parsed.title, parsed.error_description];
    const found = candidates.find((value) => typeof value === "string" && value);
    if (typeof found === "string") return found.slice(0, 300);
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 300) || "no details";
}

export interface CallOptions {
  method?: string;
  step: CallStep;
  accessToken?: string;
  json?: unknown;
  form?: Record<string, string>;
  body?: RequestInit["body"];
  headers?: Record<string, string>;
}

/**
 * One platform call; throws PlatformHttpError / PlatformNetworkError, or PlatformUnconfirmedError
 * for any failure of a `confirm` call.
 */
export async function platformCall(url: string, options: CallOptions): Promise<Response> {
  if (options.step !== "confirm") return send(url, options);
  try {
    return await send(url, options);
  } catch (error) {
    throw new PlatformUnconfirmedError(error instanceof Error ? error.message : String(error));
  }
}

async function send(url: string, options: CallOptions): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = new URLSearchParams(options.form);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      signal: AbortSignal.timeout(PLATFORM_CALL_TIMEOUT_MS),
    });
  } catch (error) {
    throw new PlatformNetworkError(options.step, error);
  }
  if (!response.ok) {
    throw new PlatformHttpError(
      response.status,
      options.step,
      messageOf(await response.text().catch(() => "")),
      retryAfterMs(response.headers),
    );
  }
  return response;
}

/** A call whose answer is JSON. */
export async function platformJson<T = Record<string, unknown>>(url: string, options: CallOptions): Promise<T> {
  const response = await platformCall(url, options);
  const text = await response.text();
  try {
    return (text ? JSON.parse(text) : {}) as T;
  } catch {
    if (options.step === "create") throw new PlatformNetworkError("create", new Error("unreadable answer"));
    if (options.step === "confirm") throw new PlatformUnconfirmedError("its answer could not be read");
    throw new PlatformRejectedError("The platform sent an answer that could not be read.");
  }
}

function stringOf(value: unknown): string | null {
  if (typeof value === "string" && value) return value;
  if (typeof value === "number") return String(value);
  return null;
}

/** A string field of a preparatory answer, or a rejection naming what is missing (nothing was created). */
export function requiredString(value: unknown, what: string): string {
  const found = stringOf(value);
  if (found === null) throw new PlatformRejectedError(`The platform's answer had no ${what}.`);
  return found;
}

/** The id in a successful create answer; without one the post may be online all the same. */
export function createdId(value: unknown, what: string): string {
  const found = stringOf(value);
  if (found === null) throw new PlatformUnconfirmedError(`its answer had no ${what}`);
  return found;
}
