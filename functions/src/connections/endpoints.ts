/**
 * The platform endpoints and OAuth client of one call. Production uses the catalog's URLs as
 * they are; in the emulator only, `config/emulator.platformsOrigin` (set by the tests and by
 * `npm start`) moves every platform URL to `<origin>/<slug><path>` on the local fake platforms.
 * Upload URLs a platform returns are checked against the catalog's `uploadHosts` (in the
 * emulator: the fake platform's own `<origin>/<slug>/`) before a token goes to them.
 */
import type { CampaignPlatform } from "../models/campaignEnums.js";
import { emulatorOverrides } from "../common/emulatorOverrides.js";
import { failedPrecondition } from "../common/errors.js";
import { platformClientIds, platformClientSecrets } from "../common/params.js";
import { platformDefinition, type PlatformDefinition } from "./platforms.js";

export interface PlatformEndpoints {
  definition: PlatformDefinition;
  /** Maps one of the catalog's URLs to the one to call. */
  url(productionUrl: string): string;
  /** True only when the fake platforms are in use (plain http on 127.0.0.1 is then allowed). */
  local: boolean;
  /** Whether `url`, taken from a platform's answer, is one of its upload URLs the token may go to. */
  isUploadUrl(url: string): boolean;
}

/** Moves `productionUrl` to the fake at `origin`, keeping path and query. */
export function localUrl(origin: string, slug: string, productionUrl: string): string {
  const url = new URL(productionUrl);
  return `${origin.replace(/\/+$/, "")}/${slug}${url.pathname}${url.search}`;
}

function parsedUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** https on the default port, no credentials in the URL, and a host the catalog lists. */
export function isCatalogUploadUrl(definition: PlatformDefinition, url: string): boolean {
  const parsed = parsedUrl(url);
  if (!parsed || parsed.protocol !== "https:" || parsed.port !== "" || parsed.username || parsed.password) return false;
  return (definition.uploadHosts ?? []).includes(parsed.hostname);
}

/** In the emulator: only the fake platform's own path on the fake origin. */
function isLocalUploadUrl(origin: string, slug: string, url: string): boolean {
  const parsed = parsedUrl(url);
  const prefix = parsedUrl(`${origin.replace(/\/+$/, "")}/${slug}/`);
  return Boolean(parsed && prefix && parsed.origin === prefix.origin && parsed.pathname.startsWith(prefix.pathname));
}

export async function platformEndpoints(platform: CampaignPlatform): Promise<PlatformEndpoints> {
  const definition = platformDefinition(platform);
  const { platformsOrigin } = await emulatorOverrides("platformsOrigin");
  if (!platformsOrigin) return { definition, url: (u) => u, local: false, isUploadUrl: (u) => isCatalogUploadUrl(definition, u) };
  return {
    definition,
    url: (u) => localUrl(platformsOrigin, definition.slug, u),
    local: true,
    isUploadUrl: (u) => isLocalUploadUrl(platformsOrigin, definition.slug, u),
  };
}

export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
}

/**
 * The platform's client id (param) and secret (Secret Manager). A platform without both cannot
 * be connected: `failed-precondition`, naming the platform, never the values.
 */
export function oauthClientConfig(platform: CampaignPlatform): OAuthClientConfig {
  const clientId = platformClientIds[platform].value();
  const clientSecret = platformClientSecrets[platform].value();
  if (!clientId || !clientSecret)
    throw failedPrecondition(`${platform} is not configured on this server.`, { reason: "platform-not-configured" });
  return { clientId, clientSecret };
}

/** Every platform client secret: attach to the functions that talk to platforms. */
export const PLATFORM_SECRETS = Object.values(platformClientSecrets);
