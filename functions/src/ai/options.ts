import type { CallableOptions } from "firebase-functions/v2/https";
import { geminiApiKey, openaiApiKey } from "../common/params.js";

/** Options of every AI callable: the platform keys, and a timeout below the reservation sweeper's cutoff. */
export const AI_CALL_OPTIONS: CallableOptions = { secrets: [geminiApiKey, openaiApiKey], timeoutSeconds: 120, memory: "512MiB" };
export const AI_STREAM_OPTIONS: CallableOptions = { ...AI_CALL_OPTIONS, timeoutSeconds: 300 };
