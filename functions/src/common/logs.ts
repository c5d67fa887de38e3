/**
 * Named, structured log events. Every log line of the backend goes through here so that
 * events are searchable by name and no call site logs a secret by accident: values whose
 * key looks like a secret are replaced before they are written. Text can come from outside
 * (a provider's error body, a user-chosen server's answer): every string is flattened to one
 * line and capped, so no one can write fake log lines or megabytes into our logs.
 */
import * as logger from "firebase-functions/logger";

type Fields = Record<string, unknown>;

const SECRET_KEY = /(api[-_]?key|token|secret|password|authorization|ciphertext|dataKey)/i;

/**
 * Values that look like a credential whatever their key is called (e.g. inside an SDK's error
 * message): OpenAI/OpenRouter/DeepSeek `sk-...`, Google `AIza...`, Groq `gsk_...`, bearer tokens.
 */
const SECRET_VALUE = /\b(?:sk-[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,})|\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/g;

/** Longest string written to a log field; the rest is counted, not written. */
export const MAX_LOGGED_CHARS = 2_000;

/** Control characters (newlines included), Unicode line/paragraph separators, bidi controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/** One line, at most MAX_LOGGED_CHARS characters (plus a note of how many were cut). */
export function flattenText(text: string): string {
  const flat = text.replace(LINE_BREAKING, " ");
  return flat.length <= MAX_LOGGED_CHARS ? flat : `${flat.slice(0, MAX_LOGGED_CHARS)}…[${flat.length - MAX_LOGGED_CHARS} more characters]`;
}

/** Replaces credential-looking substrings of a free text, flattened and capped (redacted first, so a cut never reveals half a key). */
export function redactText(text: string): string {
  return flattenText(text.replace(SECRET_VALUE, "[redacted]"));
}

function redactValue(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return redact(value as Fields);
  return value;
}

/** Replaces the value of every secret-looking key, and credential-looking strings, at any depth. */
export function redact(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : redactValue(value);
  }
  return out;
}

export function logInfo(event: string, fields: Fields = {}): void {
  logger.info(event, { event, ...redact(fields) });
}

export function logWarn(event: string, fields: Fields = {}): void {
  logger.warn(event, { event, ...redact(fields) });
}

/** Logs an error by name and message only: stacks may carry request data. */
export function logError(event: string, error: unknown, fields: Fields = {}): void {
  const err =
    error instanceof Error
      ? { errorName: error.name, errorMessage: redactText(error.message) }
      : { errorMessage: redactText(String(error)) };
  logger.error(event, { event, ...redact(fields), ...err });
}
