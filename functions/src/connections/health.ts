/**
 * Account health from what the tokens say (docs/connections.md): `ok`; `expiring` within 7 days
 * of an expiry that cannot be refreshed away; `needs_reauth` once such an expiry passed or the
 * platform refused the grant; `error` after repeated transient failures. And when the next
 * refresh (or health check) is due.
 */
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import type { CampaignPlatform } from "../models/campaignEnums.js";
import type { AccountHealth } from "../models/connections.js";
import type { PlatformDefinition } from "./platforms.js";
import type { StoredTokens } from "./tokens.js";

const DAY_MS = 24 * 60 * 60 * 1000;
export const EXPIRING_WINDOW_MS = 7 * DAY_MS;
/** Refresh this long before the access token expires (or at half its life, if shorter). */
export const REFRESH_LEAD_MS = 15 * 60 * 1000;
/** Instagram/Threads long-lived tokens: refreshed no earlier than a day after issue, and 10 days before expiry. */
const META_REFRESH_MIN_AGE_MS = DAY_MS;
const META_REFRESH_BEFORE_EXPIRY_MS = 10 * DAY_MS;
/** Transient failures in a row after which an account shows `error`. */
export const ERROR_AFTER_FAILURES = 3;

/** True when the platform can extend these tokens without the user. */
export function canRefresh(definition: PlatformDefinition, tokens: StoredTokens, now: number): boolean {
  if (definition.refresh === "refreshToken")
    return Boolean(tokens.refreshToken) && (!tokens.refreshExpiresAt || tokens.refreshExpiresAt > now);
  if (definition.refresh === "metaLongLived") return !tokens.expiresAt || tokens.expiresAt > now;
  return false;
}

/** The moment after which nothing but a new consent helps, if any. */
function hardExpiry(definition: PlatformDefinition, tokens: StoredTokens): number | undefined {
  if (definition.refresh === "refreshToken" && tokens.refreshToken) return tokens.refreshExpiresAt;
  return tokens.expiresAt;
}

export interface TokenHealth {
  health: AccountHealth;
  healthReason?: string;
}

export function healthOf(definition: PlatformDefinition, tokens: StoredTokens, now: number): TokenHealth {
  const expiry = hardExpiry(definition, tokens);
  if (expiry === undefined) return { health: "ok" };
  if (expiry <= now) return { health: "needs_reauth", healthReason: "expired" };
  if (definition.refresh === "metaLongLived") return { health: "ok" };
  if (expiry - now <= EXPIRING_WINDOW_MS) return { health: "expiring", healthReason: "expires-soon" };
  return { health: "ok" };
}

/**
 * When the sweep should next look at the account: the refresh ahead of expiry, or the next
 * health change of tokens that cannot be refreshed; null when nothing will ever change.
 */
export function nextCheckAt(definition: PlatformDefinition, tokens: StoredTokens, now: number): number | null {
  if (canRefresh(definition, tokens, now) && tokens.expiresAt) {
    if (definition.refresh === "metaLongLived") {
      return Math.max(tokens.issuedAt + META_REFRESH_MIN_AGE_MS, tokens.expiresAt - META_REFRESH_BEFORE_EXPIRY_MS);
    }
    const lifetime = tokens.expiresAt - tokens.issuedAt;
    return tokens.expiresAt - Math.min(REFRESH_LEAD_MS, Math.max(lifetime / 2, 0));
  }
  const expiry = hardExpiry(definition, tokens);
  if (expiry === undefined || expiry <= now) return null;
  return expiry - EXPIRING_WINDOW_MS > now ? expiry - EXPIRING_WINDOW_MS : expiry;
}

/** Backoff after a transient failure: 1, 2, 4 ... minutes, at most an hour. */
export function retryDelayMs(failures: number): number {
  return Math.min(60 * 60 * 1000, 60_000 * 2 ** Math.max(0, failures - 1));
}

/**
 * The refresh state of an account whose tokens were just stored (connected, reconnected or
 * refreshed): nothing leased, no failures, no reauth mail sent, next check at `refreshDueAt`.
 */
export function freshTokenState(
  owner: { teamId: string; accountId: string; platform: CampaignPlatform; connectedBy: string },
  refreshDueAt: number | null,
) {
  return {
    ...owner,
    refreshDueAt: refreshDueAt === null ? null : Timestamp.fromMillis(refreshDueAt),
    leaseId: null,
    leaseUntil: null,
    failures: 0,
    reauthMailed: false,
    updatedAt: FieldValue.serverTimestamp(),
  };
}
