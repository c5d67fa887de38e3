import { readUserApiKey } from "../../aiConfig/apiKeys.js";
import { assertSafeBaseUrl } from "../../aiConfig/baseUrl.js";
import { aiProviderIds, PROVIDER_CATALOG, type AiProviderId } from "../../aiConfig/catalog.js";
import { aiConfigSchema, aiConfigs, userRef, type AiConfig } from "../../common/collections.js";
import { emulatorConfigRef, overridesFrom } from "../../common/emulatorOverrides.js";
import { DomainError, failedPrecondition, notFound } from "../../common/errors.js";
import { db, isEmulator } from "../../common/firebase.js";
import { geminiApiKey, openaiApiKey } from "../../common/params.js";
import type { CallTrace } from "../trace.js";
import { GeminiProvider } from "./gemini.js";
import { MockProvider } from "./mock.js";
import { OpenAiProvider } from "./openai.js";
import type { AiProvider } from "./types.js";

/** The caller's provider, ready to call, with the models to use. */
export interface ResolvedProvider {
  provider: AiProvider;
  providerId: AiProviderId;
  textModel: string;
  imageModel: string | null;
}

/** Providers whose platform key (Secret Manager) may be used when the user has none. */
/** In the emulator, `config/emulator.<emulatorKey>` stands in for the secret (tests only). */
const PLATFORM_KEYS: Partial<Record<AiProviderId, { secret: () => string; emulatorKey: string }>> = {
  Gemini: { secret: () => geminiApiKey.value(), emulatorKey: "geminiApiKey" },
  OpenAI: { secret: () => openaiApiKey.value(), emulatorKey: "openaiApiKey" },
};

const OVERRIDE_KEYS = ["geminiBaseUrl", "openaiBaseUrl", "geminiApiKey", "openaiApiKey"] as const;

/** Providers that run without a key (a local Ollama ignores it, the SDK still wants one). */
const KEYLESS: Partial<Record<AiProviderId, string>> = { Ollama: "ollama" };

/** The platform default: the offline Mock in the emulator, Gemini in production. */
export function platformDefaultProvider(): AiProviderId {
  return isEmulator() ? "Mock" : "Gemini";
}

function isProviderId(value: string): value is AiProviderId {
  return (aiProviderIds as readonly string[]).includes(value);
}

async function apiKeyFor(uid: string, providerId: AiProviderId, config: AiConfig | undefined, emulatorKey: string | undefined): Promise<string> {
  const userKey = config?.hasApiKey ? await readUserApiKey(uid, providerId) : null;
  if (userKey) return userKey;
  const platformKey = emulatorKey ?? PLATFORM_KEYS[providerId]?.secret();
  if (platformKey) return platformKey;
  const keyless = KEYLESS[providerId];
  if (keyless) return keyless;
  throw failedPrecondition(`No API key configured for ${providerId}`, { reason: "ai-no-api-key", providerId });
}

/**
 * The caller's saved baseURL, checked again right before use (its DNS answer may have changed
 * since it was saved: no request to private, loopback or link-local addresses).
 */
async function safeUserBaseUrl(providerId: AiProviderId, baseURL: string): Promise<string> {
  try {
    return await assertSafeBaseUrl(baseURL, { allowLocalHttp: isEmulator() });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw failedPrecondition(`The saved baseURL of ${providerId} is not allowed; change it in your AI settings.`, { reason: "ai-unsafe-base-url", providerId });
  }
}

/**
 * Picks the caller's provider and model: the active provider of `users/{uid}` with its
 * `aiConfigs` document, else the platform default; the key is the caller's own, else the
 * platform secret; none → `failed-precondition` naming the provider.
 */
export async function resolveProvider(uid: string, trace: CallTrace): Promise<ResolvedProvider> {
  // One round trip (one getAll): the profile, the caller's config of every provider (so that
  // the active one need not wait for the profile) and, in the emulator only, the fakes' URLs
  // and keys.
  const configRefs = aiProviderIds.map((id) => aiConfigs(uid).doc(id).withConverter(null));
  const overridesRef = emulatorConfigRef();
  const [user, ...rest] = await trace.trip(
    db().getAll(userRef(uid).withConverter(null), ...configRefs, ...(overridesRef ? [overridesRef] : [])),
  );
  const configDocs = rest.slice(0, configRefs.length);
  const overrides: Partial<Record<string, string>> = overridesFrom(overridesRef ? rest[configRefs.length] : undefined, OVERRIDE_KEYS);
  if (!user.exists) throw notFound("Your profile");
  const active = (user.get("activeAiProvider") as string | null | undefined) ?? platformDefaultProvider();
  if (!isProviderId(active)) throw failedPrecondition(`Unknown AI provider ${active}.`);
  const entry = PROVIDER_CATALOG[active];
  if (entry.emulatorOnly && !isEmulator()) throw failedPrecondition(`${active} is only available in the emulator.`);
  if (entry.kind === "mock") {
    return { provider: new MockProvider(), providerId: active, textModel: entry.defaultModels.text[0], imageModel: entry.defaultModels.image[0] };
  }

  const configDoc = configDocs.find((doc) => doc.id === active && doc.exists);
  const baseUrlOverride = overrides[`${entry.kind}BaseUrl`];
  const platform = PLATFORM_KEYS[active];
  const emulatorKey = platform && overrides[platform.emulatorKey];
  const config = configDoc ? aiConfigSchema.parse(configDoc.data()) : undefined;
  if (config && !config.isEnabled) throw failedPrecondition(`${active} is turned off in your AI settings.`, { reason: "ai-provider-disabled", providerId: active });
  const apiKey = await apiKeyFor(uid, active, config, emulatorKey);
  const baseURL = config?.baseURL ? await safeUserBaseUrl(active, config.baseURL) : baseUrlOverride || entry.defaultBaseURL || undefined;
  if (entry.kind === "openai" && active !== "OpenAI" && !baseURL) {
    throw failedPrecondition(`${active} needs a baseURL; set it in your AI settings.`, { reason: "ai-no-base-url", providerId: active });
  }
  const connection = { id: active, apiKey, baseURL };
  return {
    provider: entry.kind === "gemini" ? new GeminiProvider(connection) : new OpenAiProvider(connection),
    providerId: active,
    textModel: config?.models.text[0] ?? entry.defaultModels.text[0],
    imageModel: config?.models.image[0] ?? entry.defaultModels.image[0] ?? null,
  };
}
