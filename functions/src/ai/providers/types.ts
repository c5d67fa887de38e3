import type { AiProviderId } from "../../aiConfigs/catalog.js";
import type { FetchFunction } from "../../aiConfigs/pinnedFetch.js";
import type { TextResult } from "../../models/ai.js";

export type { GroundingChunk, TextResult } from "../../models/ai.js";

/** What every provider request carries: its deadline's signal and, on the platform key, an output cap. */
interface ProviderRequest {
  model: string;
  /** Aborts the request: the client went away, or the call's total or idle timeout passed. */
  signal: AbortSignal;
  /** Most tokens the answer may have (set on the platform key, whose cost we pay). */
  maxOutputTokens?: number;
}

export interface TextRequest extends ProviderRequest {
  prompt: string;
  systemInstruction?: string;
  /** Ground the answer with Google Search (Gemini only; other providers ignore it). */
  useGoogleSearch?: boolean;
}

export interface JsonRequest extends ProviderRequest {
  prompt: string;
  systemInstruction?: string;
  /** Names the expected shape (a prompt module's id); the offline Mock answers with its example. */
  schemaName?: string;
}

export interface ImageRequest extends ProviderRequest {
  prompt: string;
  numberOfImages: number;
}

/**
 * One AI provider behind the proxy. Implementations import their SDK lazily inside these
 * methods, so that loading the functions never loads an AI SDK.
 */
export interface AiProvider {
  readonly id: AiProviderId;
  generateText(request: TextRequest): Promise<TextResult>;
  /** The model's raw answer in the provider's JSON mode (parsed and validated by the caller). */
  generateJson(request: JsonRequest): Promise<string>;
  /** Base64-encoded images. */
  generateImage(request: ImageRequest): Promise<string[]>;
  /**
   * Streams text deltas to `onDelta` in order; resolves with the whole text only when the stream
   * ran to its end, and rejects with an AbortError when `signal` aborted it.
   */
  streamText(request: TextRequest, onDelta: (delta: string) => void): Promise<string>;
}

/** What a provider needs to reach its service. */
export interface ProviderConnection {
  id: AiProviderId;
  apiKey: string;
  baseURL?: string;
  /** The pinned, non-redirecting fetch for a user-chosen baseURL; the SDK's own otherwise. */
  fetch?: FetchFunction;
}
