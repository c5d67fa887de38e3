import { readUserApiKey } from "../../aiConfigs/apiKeys.js";
import { assertSafeBaseUrl } from "../../aiConfigs/baseUrl.js";
import { pinnedFetch, type FetchFunction } from "../../aiConfigs/pinnedFetch.js";
import { aiProviderIds, PROVIDER_CATALOG, type AiProviderId } from "../../aiConfigs/catalog.js";
import type { DocumentReference, DocumentSnapshot } from "firebase-admin/firestore";
import { aiConfigs } from "../../common/collections/aiConfigs.js";
import { aiConfigSchema } from "../../models/aiConfigs.js";
import { emulatorConfigRef, overridesFrom } from "../../common/emulatorOverrides.js";
import { DomainError, failedPrecondition, notFound } from "../../common/errors.js";
import { isEmulator } from "../../common/firebase.js";
import { geminiApiKey, openaiApiKey } from "../../common/params.js";
import type { CallTrace } from "../trace.js";
import { GeminiProvider } from "./gemini.js";
import { MockProvider } from "./mock.js";
import { OpenAiProvider } from "./openai.js";
import type { AiProvider, ProviderConnection } from "./types.js";

/** Whose key pays for the call: the platform's secret, the user's own, none (a local model), or nobody (Mock). */
export type KeySource = "platform" | "user" | "keyless" | "offline";

/** The caller's provider, ready to call, with the models to use. */
export interface ResolvedProvider {
  provider: AiProvider;
  providerId: AiProviderId;
  /** The model for the call's modality (text for every callable but ai-generateImage). */
  model: string | null;
  keySource: KeySource;
}

/** What the caller's ID token says about their account (the platform key needs a verified email). */
export interface CallerAccount {
  emailVerified: boolean;
  anonymous: boolean;
}

export type Modality = "text" | "image";

/**
 * Providers whose platform key (Secret Manager) may be used when the user has none. In the
 * emulator, `config/emulator.<emulatorKey>` stands in for the secret (tests only).
 */
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

/**
 * The caller's saved baseURL, checked again right before use (its DNS answer may have changed
 * since it was saved: no request to private, loopback or link-local addresses), and the pinned
 * fetch that connects only to addresses it checked and follows no redirect.
 */
async function userEndpoint(providerId: AiProviderId, baseURL: string): Promise<{ baseURL: string; fetch: FetchFunction }> {
  const allowLocalHttp = isEmulator();
  try {
    return { baseURL: await assertSafeBaseUrl(baseURL, { allowLocalHttp }), fetch: await pinnedFetch({ allowLocalHttp }) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw failedPrecondition(`The saved baseURL of ${providerId} is not allowed; change it in your AI settings.`, {
      reason: "ai-unsafe-base-url",
      providerId,
    });
  }
}

/** The platform pays for this key: only a verified, non-anonymous account may spend it (docs/ai.md). */
function assertMaySpendPlatformKey(providerId: AiProviderId, account: CallerAccount): void {
  if (account.anonymous || !account.emailVerified) {
    throw failedPrecondition(
      `Verify your email address to use the platform's ${providerId} credits, or add your own API key in your AI settings.`,
      {
        reason: "ai-email-not-verified",
        providerId,
      },
    );
  }
}

/** On the platform key only the catalog's models may be used: a user picks no pricier model on our bill. */
function assertPlatformModel(providerId: AiProviderId, modality: Modality, model: string | null): void {
  const allowed = PROVIDER_CATALOG[providerId].defaultModels[modality];
  if (model !== null && !allowed.includes(model)) {
    throw failedPrecondition(
      `${model} is not available with the platform's ${providerId} key (${allowed.join(", ")} is); add your own API key to use it.`,
      {
        reason: "ai-model-not-allowed",
        providerId,
        model,
        allowed,
      },
    );
  }
}

/**
 * What resolution reads in the call's first round trip (beside the profile, which the ledger
 * reads): the platform default's config, so that the ordinary call needs no second trip (another
 * active provider's config is read after the profile), and in the emulator `config/emulator`.
 */
export function providerPrefetch(uid: string): DocumentReference[] {
  const fallback = platformDefaultProvider();
  const overridesRef = emulatorConfigRef();
  return [
    ...(PROVIDER_CATALOG[fallback].kind === "mock" ? [] : [aiConfigs(uid).doc(fallback).withConverter(null)]),
    ...(overridesRef ? [overridesRef] : []),
  ];
}

/**
 * Picks the caller's provider, key, endpoint and model: the active provider of `users/{uid}`
 * with its `aiConfigs` document, else the platform default.
 * - The caller's own key goes to their saved baseURL (checked, pinned, no redirects) or the
 *   catalog's endpoint.
 * - The platform key goes only to the catalog's own endpoint for that provider (or, in the
 *   emulator, the fake standing in for it), never to a saved baseURL; a saved baseURL without an
 *   own key is `failed-precondition`. It also needs a verified email and a catalog model.
 * - No usable key → `failed-precondition` naming the provider.
 */
export async function resolveProvider(
  uid: string,
  account: CallerAccount,
  modality: Modality,
  trace: CallTrace,
  read: { user: DocumentSnapshot; prefetched: DocumentSnapshot[] },
): Promise<ResolvedProvider> {
  const { user, prefetched } = read;
  if (!user.exists) throw notFound("Your profile");
  const active = (user.get("activeAiProvider") as string | null | undefined) ?? platformDefaultProvider();
  if (!isProviderId(active)) throw failedPrecondition(`Unknown AI provider ${active}.`);
  const entry = PROVIDER_CATALOG[active];
  if (entry.emulatorOnly && !isEmulator()) throw failedPrecondition(`${active} is only available in the emulator.`);
  if (entry.kind === "mock") {
    return { provider: new MockProvider(), providerId: active, model: entry.defaultModels[modality][0] ?? null, keySource: "offline" };
  }

  const overrides: Partial<Record<string, string>> = overridesFrom(
    prefetched.find((doc) => doc.ref.path === emulatorConfigRef()?.path),
    OVERRIDE_KEYS,
  );
  const configRef = aiConfigs(uid).doc(active).withConverter(null);
  const configDoc = prefetched.find((doc) => doc.ref.path === configRef.path) ?? (await trace.trip(configRef.get()));
  const config = configDoc.exists ? aiConfigSchema.parse(configDoc.data()) : undefined;
  if (config && !config.isEnabled)
    throw failedPrecondition(`${active} is turned off in your AI settings.`, { reason: "ai-provider-disabled", providerId: active });
  const model = config?.models[modality][0] ?? entry.defaultModels[modality][0] ?? null;
  const savedBaseUrl = config?.baseURL && config.baseURL !== entry.defaultBaseURL ? config.baseURL : null;
  const catalogBaseUrl = overrides[`${entry.kind}BaseUrl`] || entry.defaultBaseURL || undefined;
  const userKey = config?.hasApiKey ? await readUserApiKey(uid, active) : null;
  const platform = PLATFORM_KEYS[active];

  let connection: ProviderConnection;
  let keySource: KeySource;
  if (userKey || (KEYLESS[active] && savedBaseUrl)) {
    keySource = userKey ? "user" : "keyless";
    const endpoint = savedBaseUrl ? await userEndpoint(active, savedBaseUrl) : { baseURL: catalogBaseUrl };
    connection = { id: active, apiKey: userKey ?? KEYLESS[active] ?? "", ...endpoint };
  } else if (savedBaseUrl && platform) {
    throw failedPrecondition(
      `A custom baseURL for ${active} works only with your own API key; add one, or remove the baseURL, in your AI settings.`,
      {
        reason: "ai-base-url-needs-own-key",
        providerId: active,
      },
    );
  } else if (KEYLESS[active]) {
    throw failedPrecondition(`${active} needs a baseURL; set it in your AI settings.`, { reason: "ai-no-base-url", providerId: active });
  } else {
    const platformKey = platform && (overrides[platform.emulatorKey] ?? platform.secret());
    if (!platformKey) throw failedPrecondition(`No API key configured for ${active}`, { reason: "ai-no-api-key", providerId: active });
    assertMaySpendPlatformKey(active, account);
    assertPlatformModel(active, modality, model);
    keySource = "platform";
    connection = { id: active, apiKey: platformKey, baseURL: catalogBaseUrl };
  }
  if (entry.kind === "openai" && active !== "OpenAI" && !connection.baseURL) {
    throw failedPrecondition(`${active} needs a baseURL; set it in your AI settings.`, { reason: "ai-no-base-url", providerId: active });
  }
  return {
    provider: entry.kind === "gemini" ? new GeminiProvider(connection) : new OpenAiProvider(connection),
    providerId: active,
    model,
    keySource,
  };
}
