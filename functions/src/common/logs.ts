/**
 * Named, structured log events. Every log line of the backend goes through here so that
 * events are searchable by name and no call site logs a secret by accident: values whose
 * key looks like a secret are replaced before they are written.
 */
import * as logger from "firebase-functions/logger";

type Fields = Record<string, unknown>;

const SECRET_KEY = /(api[-_]?key|token|secret|password|authorization|ciphertext|dataKey)/i;

/** Replaces the value of every secret-looking key, at any depth. */
export function redact(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) out[key] = "[redacted]";
    else if (value && typeof value === "object" && !Array.isArray(value)) out[key] = redact(value as Fields);
    else out[key] = value;
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
  const err = error instanceof Error ? { errorName: error.name, errorMessage: error.message } : { errorMessage: String(error) };
  logger.error(event, { event, ...redact(fields), ...err });
}
