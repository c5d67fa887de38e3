import type { CallableOptions } from "firebase-functions/v2/https";
import { z } from "zod";
import { documentId } from "../common/ids.js";
import { geminiApiKey, openaiApiKey } from "../common/params.js";

/** Options of every AI callable: the platform keys, and a timeout below the reservation sweeper's cutoff. */
export const AI_CALL_OPTIONS: CallableOptions = { secrets: [geminiApiKey, openaiApiKey], timeoutSeconds: 120, memory: "512MiB" };
export const AI_STREAM_OPTIONS: CallableOptions = { ...AI_CALL_OPTIONS, timeoutSeconds: 300 };

/** The client's idempotency key: a retry with the same requestId is never charged twice. */
export const requestIdField = documentId
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, "must be 1-128 letters, digits, '-' or '_'")
  .optional();

export const promptField = z.string().trim().min(1, "must not be empty").max(100_000);
export const systemInstructionField = z.string().max(20_000).optional();
