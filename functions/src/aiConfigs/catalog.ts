/**
 * The AI providers PixaSocial knows, with their default models and endpoints. Shared by the
 * AI configuration callables and the AI proxy.
 */
import type { AiProviderId } from "../models/aiConfigs.js";

export { aiProviderIds, type AiProviderId } from "../models/aiConfigs.js";

export interface ProviderCatalogEntry {
  /** Which SDK speaks to it: Gemini's own, OpenAI's (also for OpenAI-compatible APIs), or the offline mock. */
  kind: "gemini" | "openai" | "mock";
  /** Default API base URL for OpenAI-compatible providers; users may override it. */
  defaultBaseURL: string | null;
  defaultModels: { text: string[]; image: string[]; chat: string[] };
  /** Only available inside the emulator. */
  emulatorOnly?: boolean;
}

export const PROVIDER_CATALOG: Record<AiProviderId, ProviderCatalogEntry> = {
  Gemini: {
    kind: "gemini",
    defaultBaseURL: null,
    defaultModels: { text: ["gemini-2.5-flash"], image: ["gemini-2.5-flash-image"], chat: ["gemini-2.5-flash"] },
  },
  OpenAI: {
    kind: "openai",
    defaultBaseURL: null,
    defaultModels: { text: ["gpt-4.1-mini"], image: ["gpt-image-1"], chat: ["gpt-4.1-mini"] },
  },
  OpenRouter: {
    kind: "openai",
    defaultBaseURL: "https://openrouter.ai/api/v1",
    defaultModels: { text: ["openai/gpt-4.1-mini"], image: [], chat: ["openai/gpt-4.1-mini"] },
  },
  Groq: {
    kind: "openai",
    defaultBaseURL: "https://api.groq.com/openai/v1",
    defaultModels: { text: ["llama-3.3-70b-versatile"], image: [], chat: ["llama-3.3-70b-versatile"] },
  },
  DeepSeek: {
    kind: "openai",
    defaultBaseURL: "https://api.deepseek.com/v1",
    defaultModels: { text: ["deepseek-chat"], image: [], chat: ["deepseek-chat"] },
  },
  Mistral: {
    kind: "openai",
    defaultBaseURL: "https://api.mistral.ai/v1",
    defaultModels: { text: ["mistral-small-latest"], image: [], chat: ["mistral-small-latest"] },
  },
  Ollama: {
    kind: "openai",
    defaultBaseURL: null,
    defaultModels: { text: ["llama3.2"], image: [], chat: ["llama3.2"] },
  },
  Mock: {
    kind: "mock",
    defaultBaseURL: null,
    defaultModels: { text: ["mock-text"], image: ["mock-image"], chat: ["mock-text"] },
    emulatorOnly: true,
  },
};
