import type { WithFieldValue } from "firebase-admin/firestore";
import { type z } from "zod";
import { aiConfigs } from "../common/collections/aiConfigs.js";
import { userRef } from "../common/collections/identity.js";
import { serverNow } from "../common/collections/typed.js";
import { requireActiveAccount } from "../common/activeAccount.js";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { notFound } from "../common/errors.js";
import { isEmulator } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import type { SealedSecret } from "../crypto/envelope.js";
import { sealFor, secretDocument } from "../crypto/secretStore.js";
import { apiKeyOwner, apiKeyRef } from "./apiKeys.js";
import { assertSafeBaseUrl } from "./baseUrl.js";
import { saveInput, type AiConfigInput, type AiConfigList, type AiConfig } from "../models/aiConfigs.js";
import { PROVIDER_CATALOG } from "./catalog.js";
import { defaultConfig, listAiConfigs } from "./list.js";
import { assertProviderAvailable } from "./providers.js";
import { takeConfigSaveAllowance } from "./saveRateLimit.js";

/** Checks providers and base URLs before anything is written; returns the normalised base URLs. */
async function validateConfigs(configs: AiConfigInput[]): Promise<Array<string | null | undefined>> {
  const inEmulator = isEmulator();
  return Promise.all(
    configs.map(async (config, index) => {
      assertProviderAvailable(config.providerId, `configs.${index}.providerId`);
      if (typeof config.baseURL !== "string") return config.baseURL;
      if (config.baseURL === PROVIDER_CATALOG[config.providerId].defaultBaseURL) return config.baseURL;
      return assertSafeBaseUrl(config.baseURL, { allowLocalHttp: inEmulator, field: `configs.${index}.baseURL` });
    }),
  );
}

/** The stored configuration after applying `input` to what was there (or to the catalog defaults). */
function mergedConfig(input: AiConfigInput, existing: AiConfig | undefined, baseURL: string | null | undefined): WithFieldValue<AiConfig> {
  const base = existing ?? { ...defaultConfig(input.providerId), isEnabled: true };
  return {
    providerId: input.providerId,
    isEnabled: input.isEnabled ?? base.isEnabled,
    models: {
      text: input.models?.text ?? base.models.text,
      image: input.models?.image ?? base.models.image,
      chat: input.models?.chat ?? base.models.chat,
    },
    baseURL: baseURL === undefined ? (base.baseURL ?? null) : baseURL,
    hasApiKey: input.apiKey === undefined ? base.hasApiKey : input.apiKey !== null,
    updatedAt: serverNow(),
  };
}

/**
 * Saves the caller's provider configurations. Everything is validated, the save is counted
 * against the caller's hourly allowance (KMS amplification), and every new key is
 * encrypted (through KMS) first; then configurations and encrypted keys are written in one
 * transaction, so a bad entry or a KMS outage changes nothing. An account being deleted gets
 * `account-deleted` before its allowance is counted, and again in the transaction.
 */
export async function handleSave(ctx: CallContext<z.output<typeof saveInput>>): Promise<AiConfigList> {
  const { uid } = ctx;
  const { configs } = ctx.data;
  const baseUrls = await validateConfigs(configs);
  await takeConfigSaveAllowance(uid, Math.max(1, configs.filter((config) => typeof config.apiKey === "string").length));
  const sealed: Array<SealedSecret | null> = await Promise.all(
    configs.map((config) => (typeof config.apiKey === "string" ? sealFor(apiKeyOwner(uid, config.providerId), config.apiKey) : null)),
  );

  await runTransaction(async (tx) => {
    const configRefs = configs.map((config) => aiConfigs(uid).doc(config.providerId));
    const [profile] = await Promise.all([tx.get(userRef(uid)), requireActiveAccount(tx, uid)]);
    if (!profile.exists) throw notFound("Profile");
    const existing = await tx.getAll(...configRefs);
    configs.forEach((config, index) => {
      tx.set(configRefs[index], mergedConfig(config, existing[index].data(), baseUrls[index]));
      const secret = sealed[index];
      if (secret) tx.set(apiKeyRef(uid, config.providerId), secretDocument(apiKeyOwner(uid, config.providerId), secret));
      else if (config.apiKey === null) tx.delete(apiKeyRef(uid, config.providerId));
    });
  });

  logInfo("aiConfigs.saved", {
    uid,
    providers: configs.map((c) => c.providerId),
    keysStored: sealed.filter(Boolean).length,
    keysDeleted: configs.filter((c) => c.apiKey === null).length,
  });
  return listAiConfigs(uid);
}

/** `aiConfigs-save { configs: [...] }` → the same as `aiConfigs-list`. */
export const save = validatedOnCall("aiConfigs-save", saveInput, handleSave);
