/**
 * The seam between connected accounts and everything that acts for them (publishing):
 *
 * ```ts
 * interface AccountCredentials { accessToken: string; account: ConnectedAccount }
 * // A usable access token, refreshed first when it expires within EXPIRY_MARGIN_MS.
 * // Throws NeedsReauthError when the account is needs_reauth, has no tokens, or the
 * // platform refuses the grant; not-found when the account does not exist.
 * accessTokenFor(teamId, accountId): Promise<AccountCredentials>
 * // Forces one refresh (after a platform 401) under the same per-account lease as the
 * // scheduled refresh; when another refresh holds the lease, waits for it and uses its result.
 * refreshedAccessTokenFor(teamId, accountId): Promise<AccountCredentials>
 * // Stores tokens (encrypted, purpose oauthTokens) for an existing account document and
 * // schedules its refresh; used by the OAuth flow's helpers and by tests/seed.
 * storeAccountTokens(teamId, accountId, tokens: StoredTokens): Promise<void>
 * ```
 *
 * `accountId` is the id of `teams/{teamId}/connectedAccounts/{accountId}`. For Facebook the
 * token is the Page token; for LinkedIn organisations it is the member's token (the account's
 * `platformAccountId` is the organisation URN to post as). Where publishing may send the token:
 * `publishingEndpointsFor`.
 */
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { accountTokenStateRef, connectedAccountRef } from "../common/collections/connections.js";
import type { CampaignPlatform } from "../models/campaignEnums.js";
import type { ConnectedAccount } from "../models/connections.js";
import { notFound } from "../common/errors.js";
import { db } from "../common/firebase.js";
import { readAccountTokens, sealTokens, writeSealedTokens } from "./accountTokens.js";
import { platformEndpoints } from "./endpoints.js";
import { NeedsReauthError } from "./errors.js";
import { canRefresh, freshTokenState, healthOf, nextCheckAt } from "./health.js";
import { platformDefinition } from "./platforms.js";
import { LEASE_MS, refreshAccount } from "./refresh.js";
import { storedTokensSchema, type StoredTokens } from "./tokens.js";
import { sleep } from "../common/time.js";

export { NeedsReauthError } from "./errors.js";
export type { StoredTokens } from "./tokens.js";

export interface AccountCredentials {
  accessToken: string;
  /** The parsed account document. */
  account: ConnectedAccount;
}

/** A token that expires within this margin is refreshed before it is handed out. */
export const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

async function readAccount(teamId: string, accountId: string): Promise<ConnectedAccount> {
  const account = (await connectedAccountRef(teamId, accountId).get()).data();
  if (!account) throw notFound("Connected account");
  return account;
}

export async function accessTokenFor(teamId: string, accountId: string): Promise<AccountCredentials> {
  const account = await readAccount(teamId, accountId);
  if (account.health === "needs_reauth") throw new NeedsReauthError(teamId, accountId);
  const tokens = await readAccountTokens(teamId, accountId);
  if (!tokens) throw new NeedsReauthError(teamId, accountId);
  const now = Date.now();
  if (tokens.expiresAt && tokens.expiresAt - now <= EXPIRY_MARGIN_MS) {
    if (canRefresh(platformDefinition(account.platform), tokens, now)) return refreshedAccessTokenFor(teamId, accountId);
    if (tokens.expiresAt <= now) {
      await refreshAccount(teamId, accountId, { force: true });
      throw new NeedsReauthError(teamId, accountId);
    }
  }
  return { accessToken: tokens.accessToken, account };
}

export async function refreshedAccessTokenFor(teamId: string, accountId: string): Promise<AccountCredentials> {
  const deadline = Date.now() + LEASE_MS;
  let outcome = await refreshAccount(teamId, accountId, { force: true });
  while (outcome === "busy" && Date.now() < deadline) {
    // Another refresh is running: its result is what we want; wait until its lease is released.
    await sleep(250);
    const state = (await accountTokenStateRef(teamId, accountId).get()).data();
    if (!state?.leaseUntil || state.leaseUntil.toMillis() <= Date.now()) outcome = "refreshed";
  }
  if (outcome === "gone") throw notFound("Connected account");
  const account = await readAccount(teamId, accountId);
  if (outcome === "needs_reauth" || account.health === "needs_reauth") throw new NeedsReauthError(teamId, accountId);
  const tokens = await readAccountTokens(teamId, accountId);
  if (!tokens) throw new NeedsReauthError(teamId, accountId);
  return { accessToken: tokens.accessToken, account };
}

export async function storeAccountTokens(teamId: string, accountId: string, tokens: StoredTokens): Promise<void> {
  const parsed = storedTokensSchema.parse(tokens);
  const account = await readAccount(teamId, accountId);
  const definition = platformDefinition(account.platform);
  const sealed = await sealTokens(teamId, accountId, parsed);
  const now = Date.now();
  const health = healthOf(definition, parsed, now);
  const due = nextCheckAt(definition, parsed, now);
  const batch = db().batch();
  writeSealedTokens(batch, teamId, accountId, sealed);
  batch.update(connectedAccountRef(teamId, accountId), {
    expiresAt: parsed.expiresAt ? Timestamp.fromMillis(parsed.expiresAt) : FieldValue.delete(),
    health: health.health,
    healthReason: health.healthReason ?? FieldValue.delete(),
  });
  batch.set(
    accountTokenStateRef(teamId, accountId),
    freshTokenState({ teamId, accountId, platform: account.platform, connectedBy: account.connectedBy }, due),
  );
  await batch.commit();
}

export interface PublishingEndpoints {
  /** The base URL of the platform's publishing API (`PLATFORMS[p].apiBaseUrl`, or the fake's). */
  apiBase: string;
  /** Whether an upload URL from the platform's answer is on a host the catalog names (`uploadHosts`). */
  isUploadUrl(url: string): boolean;
}

/**
 * Where publishing may send a platform's token: its API base and its catalogued upload hosts,
 * both moved to the local fake platforms in the emulator when `config/emulator.platformsOrigin` is set.
 */
export async function publishingEndpointsFor(platform: CampaignPlatform): Promise<PublishingEndpoints> {
  const endpoints = await platformEndpoints(platform);
  return { apiBase: endpoints.url(endpoints.definition.apiBaseUrl).replace(/\/+$/, ""), isUploadUrl: endpoints.isUploadUrl };
}
