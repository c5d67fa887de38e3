import type { AiProviderId } from "../../aiConfig/catalog.js";
import type { TextResult } from "../../models/ai.js";

export type { GroundingChunk, TextResult } from "../../models/ai.js";

export interface TextRequest {
  model: string;
  prompt: string;
  systemInstruction?: string;
  /** Ground the answer with Google Search (Gemini only; other providers ignore it). */
  useGoogleSearch?: boolean;
  signal?: AbortSignal;
}

export interface JsonRequest {
  model: string;
  prompt: string;
  systemInstruction?: string;
  /** Names the expected shape (a prompt module's id); the offline Mock answers with its example. */
  schemaName?: string;
}

export interface ImageRequest {
  model: string;
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
  /** Streams text deltas to `onDelta` in order; resolves with the whole text. */
  streamText(request: TextRequest, onDelta: (delta: string) => void): Promise<string>;
}

/** What a provider needs to reach its service. */
export interface ProviderConnection {
  id: AiProviderId;
  apiKey: string;
  baseURL?: string;
}
