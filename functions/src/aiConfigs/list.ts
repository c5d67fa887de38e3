import { type z } from "zod";
import { aiConfigs } from "../common/collections/aiConfigs.js";
import { userRef } from "../common/collections/identity.js";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { notFound } from "../common/errors.js";
import { listInput, type AiConfigList, type AiProviderConfig, type AiConfig } from "../models/aiConfigs.js";
import { PROVIDER_CATALOG, type AiProviderId } from "./catalog.js";
import { availableProviders } from "./providers.js";

/** A provider the user never saved: catalog models, not enabled, no key. */
export function defaultConfig(providerId: AiProviderId): AiProviderConfig {
  const { defaultModels } = PROVIDER_CATALOG[providerId];
  return {
    providerId,
    isEnabled: false,
    models: { text: [...defaultModels.text], image: [...defaultModels.image], chat: [...defaultModels.chat] },
    baseURL: null,
    hasApiKey: false,
    updatedAt: null,
  };
}

function toView(providerId: AiProviderId, stored: AiConfig): AiProviderConfig {
  return {
    providerId,
    isEnabled: stored.isEnabled,
    models: stored.models,
    baseURL: stored.baseURL ?? null,
    hasApiKey: stored.hasApiKey,
    updatedAt: stored.updatedAt.toDate().toISOString(),
  };
}

/** Every provider available here, in catalog order, with the user's saved settings applied. */
export async function listAiConfigs(uid: string): Promise<AiConfigList> {
  const [profile, saved] = await Promise.all([userRef(uid).get(), aiConfigs(uid).get()]);
  if (!profile.exists) throw notFound("Profile");
  const byId = new Map(saved.docs.map((doc) => [doc.id, doc.data()]));
  return {
    activeProvider: profile.data()?.activeAiProvider ?? null,
    configs: availableProviders().map((id) => {
      const stored = byId.get(id);
      return stored ? toView(id, stored) : defaultConfig(id);
    }),
  };
}

/** Lists the caller's provider configurations (never a key). */
export async function handleList(ctx: CallContext<z.output<typeof listInput>>): Promise<AiConfigList> {
  return listAiConfigs(ctx.uid);
}

/** `aiConfigs-list {}` → `{ activeProvider, configs }`. */
export const list = validatedOnCall("aiConfigs-list", listInput, handleList);
