/** AI provider configuration (CONTRACT §3): `users/{uid}/aiConfigs/{providerId}` and `aiConfigs-*`. */
import * as z from "zod";
import { timestamp } from "./shared.js";

/** The AI providers PixaSocial knows (their models and endpoints: `aiConfigs/catalog.ts`). */
export const aiProviderIds = ["Gemini", "OpenAI", "OpenRouter", "Groq", "DeepSeek", "Mistral", "Ollama", "Mock"] as const;
export type AiProviderId = (typeof aiProviderIds)[number];

// ---- documents ------------------------------------------------------------------------

/** `users/{uid}/aiConfigs/{providerId}`: readable by the owner, never holds a key. */
export const aiConfigSchema = z.object({
  providerId: z.string(),
  isEnabled: z.boolean(),
  models: z.object({ text: z.array(z.string()), image: z.array(z.string()), chat: z.array(z.string()) }),
  baseURL: z.string().nullable().optional(),
  hasApiKey: z.boolean(),
  updatedAt: timestamp,
});
export type AiConfig = z.infer<typeof aiConfigSchema>;

/** `users/{uid}/aiState/configSaves` (server only): `aiConfigs-save` weight used in the current UTC hour. */
export const aiConfigSaveWindowSchema = z.object({ hour: z.string(), count: z.number().int().nonnegative() });

// ---- callables: requests and responses ----------------------------------------------------

export const MAX_CONFIGS_PER_SAVE = 20;
export const MAX_API_KEY_LENGTH = 512;

const modelList = z.array(z.string().trim().min(1).max(200)).max(50);

const configInput = z.strictObject({
  providerId: z.enum(aiProviderIds),
  isEnabled: z.boolean().optional(),
  models: z.strictObject({ text: modelList.optional(), image: modelList.optional(), chat: modelList.optional() }).optional(),
  /** A string sets the base URL, null goes back to the provider's default, absent keeps it. */
  baseURL: z.string().trim().min(1).max(2048).nullable().optional(),
  /** A string stores (replaces) the key, null deletes it, absent keeps it. */
  apiKey: z
    .string()
    .trim()
    .min(1)
    .max(MAX_API_KEY_LENGTH)
    .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
    .nullable()
    .optional(),
});
export type AiConfigInput = z.output<typeof configInput>;

/** `aiConfigs-save { configs: [...] }` → the same as `aiConfigs-list`. */
export const saveInput = z.strictObject({
  configs: z
    .array(configInput)
    .min(1)
    .max(MAX_CONFIGS_PER_SAVE)
    .refine((configs) => new Set(configs.map((c) => c.providerId)).size === configs.length, "each providerId may appear once"),
});

/** `aiConfigs-list` takes no input. */
export const listInput = z.strictObject({});

/** `aiConfigs-setActive { activeProvider }` → `{}`; `activeProvider: null` goes back to the platform default. */
export const setActiveInput = z.strictObject({ activeProvider: z.enum(aiProviderIds).nullable() });

/** One provider's configuration as the frontend sees it: never a key, only `hasApiKey`. */
export const aiProviderConfig = z.object({
  providerId: z.enum(aiProviderIds),
  isEnabled: z.boolean(),
  models: z.object({ text: z.array(z.string()), image: z.array(z.string()), chat: z.array(z.string()) }),
  /** The user's base URL; null means the provider's default endpoint. */
  baseURL: z.string().nullable(),
  hasApiKey: z.boolean(),
  /** ISO 8601 time of the last save; null for a provider never saved. */
  updatedAt: z.string().nullable(),
});
export type AiProviderConfig = z.infer<typeof aiProviderConfig>;

/** `aiConfigs-list` and `aiConfigs-save` → `{ activeProvider, configs }`. */
export const aiConfigList = z.object({
  /** `users/{uid}.activeAiProvider`; null means the platform default. */
  activeProvider: z.string().nullable(),
  configs: z.array(aiProviderConfig),
});
export type AiConfigList = z.infer<typeof aiConfigList>;
