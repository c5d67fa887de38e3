import type { DecodedIdToken } from "firebase-admin/auth";
import { DomainError } from "../common/errors.js";
import {
  aiCallTimeoutSeconds,
  aiInputCharsPerCredit,
  aiPlatformMaxOutputTokens,
  aiStreamIdleTimeoutSeconds,
  aiStreamTimeoutSeconds,
} from "../common/params.js";
import { ChargedFailure, withCredits, type CallOutcome } from "./credits/withCredits.js";
import { CallDeadline } from "./deadline.js";
import { providerFailure } from "./providers/errors.js";
import {
  providerPrefetch,
  resolveProvider,
  type CallerAccount,
  type KeySource,
  type Modality,
  type ResolvedProvider,
} from "./providers/resolve.js";
import { CallTrace } from "./trace.js";

/** Hard ceilings under the functions' own timeouts (120 s, streams 300 s), whatever the params say. */
const MAX_CALL_SECONDS = 110;
const MAX_STREAM_SECONDS = 280;

export interface AiCall<Input extends { requestId?: string }> {
  uid: string;
  /** The caller's ID token: the platform key needs a verified, non-anonymous account. */
  token: DecodedIdToken;
  operation: string;
  data: Input;
  /** Credits of an ordinary call: 1, or the number of images. */
  baseCost: number;
  /** Which model the call needs; text unless it makes images. */
  modality?: Modality;
  /** Characters the provider reads; the request's text unless the callable builds a larger prompt. */
  inputChars?: number;
  /** A streaming call: its total and idle limits apply, and the client's abort ends it. */
  stream?: { clientSignal?: AbortSignal };
}

/** What the provider call gets: the resolved provider, the deadline's signal, and the output cap. */
export interface ProviderCall {
  resolved: ResolvedProvider;
  signal: AbortSignal;
  /** Streams: call on start and on every token, so that a silent provider is aborted. */
  touch(): void;
  /** Set on the platform's keys (AI_PLATFORM_MAX_OUTPUT_TOKENS). */
  maxOutputTokens?: number;
  /** The credits reserved for the call (an outcome may charge fewer, e.g. fewer images). */
  credits: number;
}

export function callerAccount(token: DecodedIdToken): CallerAccount {
  return { emailVerified: token.email_verified === true, anonymous: token.firebase?.sign_in_provider === "anonymous" };
}

/** Whose bill the call is on decides whether its size is charged: ours (platform, Mock) or the user's. */
function paidByPlatform(keySource: KeySource): boolean {
  return keySource === "platform" || keySource === "offline";
}

/**
 * The credits a call costs (docs/ai.md, "Cost"): on the platform's keys, `baseCost` per started
 * block of AI_INPUT_CHARS_PER_CREDIT input characters (so an ordinary call is 1 credit); on the
 * user's own key, `baseCost`.
 */
export function creditsFor(keySource: KeySource, baseCost: number, inputChars: number): number {
  if (!paidByPlatform(keySource)) return baseCost;
  return baseCost * Math.max(1, Math.ceil(inputChars / Math.max(1, aiInputCharsPerCredit.value())));
}

/** The characters of every string in the request (prompt, system instruction, persona...). */
export function textLength(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  if (value && typeof value === "object") return Object.values(value).reduce((sum: number, item) => sum + textLength(item), 0);
  return 0;
}

function deadlineFor(stream: AiCall<{ requestId?: string }>["stream"]): CallDeadline {
  if (!stream) return new CallDeadline({ totalMs: Math.min(aiCallTimeoutSeconds.value(), MAX_CALL_SECONDS) * 1000 });
  const totalSeconds = Math.min(aiStreamTimeoutSeconds.value(), MAX_STREAM_SECONDS);
  return new CallDeadline({
    totalMs: totalSeconds * 1000,
    idleMs: Math.min(aiStreamIdleTimeoutSeconds.value(), totalSeconds) * 1000,
    clientSignal: stream.clientSignal,
  });
}

function timeoutError(providerId: string, deadline: CallDeadline): DomainError {
  const expiry = deadline.expired ?? "total";
  const seconds = deadline.secondsOf(expiry);
  const what = expiry === "idle" ? `sent nothing for ${seconds} s` : `did not finish within ${seconds} s`;
  return new DomainError("unavailable", `${providerId} ${what}; no credit was used. Please try again.`, {
    reason: "ai-provider-timeout",
    providerId,
    timeout: expiry,
    seconds,
  });
}

/**
 * The path every AI callable takes: resolve the caller's provider from the call's first read (no
 * usable key → failed-precondition before any credit moves), cost the call, then run `run`
 * under the credit ledger and the call's deadline, mapping provider errors.
 */
export async function runAiCall<Input extends { requestId?: string }, R>(
  call: AiCall<Input>,
  run: (provider: ProviderCall) => Promise<CallOutcome<R>>,
): Promise<{ result: R; replayed: boolean }> {
  const trace = new CallTrace();
  const deadline = deadlineFor(call.stream);
  const { requestId, ...input } = call.data;
  const inputChars = call.inputChars ?? textLength(input);
  try {
    return await withCredits(
      {
        uid: call.uid,
        operation: call.operation,
        requestId,
        input,
        cost: (resolved: ResolvedProvider) => creditsFor(resolved.keySource, call.baseCost, inputChars),
        prefetch: providerPrefetch(call.uid),
        trace,
      },
      (start) =>
        resolveProvider(call.uid, callerAccount(call.token), call.modality ?? "text", trace, { user: start.user, prefetched: start.extra }),
      async (resolved) => {
        const maxOutputTokens = paidByPlatform(resolved.keySource) ? aiPlatformMaxOutputTokens.value() : undefined;
        try {
          const credits = creditsFor(resolved.keySource, call.baseCost, inputChars);
          return await run({ resolved, signal: deadline.signal, touch: () => deadline.touch(), maxOutputTokens, credits });
        } catch (error) {
          if (error instanceof ChargedFailure) throw error;
          if (deadline.expired) throw timeoutError(resolved.providerId, deadline);
          throw providerFailure(resolved.providerId, error);
        }
      },
    );
  } finally {
    deadline.dispose();
  }
}
