/**
 * Refreshing one account's tokens, one refresh at a time per account: a lease taken in a
 * transaction on `accountTokenStates/{team:account}` (X and TikTok refresh tokens are
 * single-use, so two concurrent refreshes would lose the account). The result is written only
 * while the lease is still ours. Only a refused grant makes an account `needs_reauth` (and mails
 * its connector once); timeouts, 5xx and 429 back off and, after a few in a row, show `error`.
 */
import { FieldValue, Timestamp, type Transaction } from "firebase-admin/firestore";
import { randomUUID } from "node:crypto";
import { accountTokenStateRef, connectedAccountRef } from "../common/collections/connections.js";
import { userRef } from "../common/collections/identity.js";
import { mail } from "../common/collections/mail.js";
import type { ConnectedAccount } from "../models/connections.js";
import type { Mail } from "../models/mail.js";
import { logError, logInfo, logWarn } from "../common/logs.js";
import { appUrl } from "../common/params.js";
import { runTransaction } from "../common/transaction.js";
import { loadAccountTokens, sealTokens, writeSealedTokens } from "./accountTokens.js";
import { oauthClientConfig, platformEndpoints } from "./endpoints.js";
import { GrantRefusedError, PlatformUnavailableError } from "./errors.js";
import { canRefresh, ERROR_AFTER_FAILURES, healthOf, nextCheckAt, retryDelayMs } from "./health.js";
import { refreshTokens } from "./platformClient.js";
import { platformDefinition } from "./platforms.js";
import type { StoredTokens } from "./tokens.js";

/** How long a refresh may hold its account before another run may take over. */
export const LEASE_MS = 60_000;

export type RefreshOutcome =
  /** New tokens stored. */
  | "refreshed"
  /** Health re-evaluated without a platform call (nothing to refresh, or not due). */
  | "checked"
  /** Another run holds the lease. */
  | "busy"
  | "needs_reauth"
  /** A transient failure: retried later. */
  | "failed"
  /** The account or its tokens are gone. */
  | "gone";

interface Lease {
  leaseId: string;
  account: ConnectedAccount;
  reauthMailed: boolean;
  failures: number;
}

async function takeLease(teamId: string, accountId: string, force: boolean, now: number): Promise<Lease | "busy" | "gone" | "not-due"> {
  return runTransaction(async (tx) => {
    const [stateSnap, accountSnap] = await Promise.all([
      tx.get(accountTokenStateRef(teamId, accountId)),
      tx.get(connectedAccountRef(teamId, accountId)),
    ]);
    const state = stateSnap.data();
    const account = accountSnap.data();
    if (!state || !account) return "gone" as const;
    if (state.leaseUntil && state.leaseUntil.toMillis() > now) return "busy" as const;
    if (!force && (!state.refreshDueAt || state.refreshDueAt.toMillis() > now)) return "not-due" as const;
    const leaseId = randomUUID();
    tx.update(accountTokenStateRef(teamId, accountId), {
      leaseId,
      leaseUntil: Timestamp.fromMillis(now + LEASE_MS),
      updatedAt: FieldValue.serverTimestamp(),
    });
    return { leaseId, account, reauthMailed: state.reauthMailed, failures: state.failures };
  });
}

/** Runs `write` only if the lease is still ours; returns false otherwise (someone took over). */
async function whileLeased(
  teamId: string,
  accountId: string,
  leaseId: string,
  write: (tx: Transaction) => Promise<void> | void,
): Promise<boolean> {
  return runTransaction(async (tx) => {
    const [state, account] = await Promise.all([
      tx.get(accountTokenStateRef(teamId, accountId)),
      tx.get(connectedAccountRef(teamId, accountId)),
    ]);
    if (state.data()?.leaseId !== leaseId || !account.exists) return false;
    await write(tx);
    return true;
  });
}

const releaseLease = { leaseId: null, leaseUntil: null, updatedAt: FieldValue.serverTimestamp() };

function dueAt(millis: number | null): Timestamp | null {
  return millis === null ? null : Timestamp.fromMillis(millis);
}

/** The one email a connector gets when their account first needs to be connected again. */
export function reauthMail(to: string, account: ConnectedAccount): Mail {
  const link = `${appUrl.value().replace(/\/+$/, "")}/settings`;
  const what = `${account.platform} account "${account.displayName}"`;
  const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    to,
    message: {
      subject: `Reconnect your ${account.platform} account on PixaSocial`,
      text: `The ${what} you connected to PixaSocial needs to be connected again before posts can be published to it.\n\nReconnect it in Settings: ${link}`,
      html: `<p>The ${escapeHtml(what)} you connected to PixaSocial needs to be connected again before posts can be published to it.</p>\n<p><a href="${escapeHtml(link)}">Reconnect it in Settings</a></p>`,
    },
  };
}

/**
 * Marks the account `needs_reauth` in `tx` and, the first time in this episode, queues one
 * email to its connector. Reads first (the connector's profile), so call it before other writes.
 */
export async function markNeedsReauth(
  tx: Transaction,
  teamId: string,
  accountId: string,
  account: ConnectedAccount,
  reason: string,
  alreadyMailed: boolean,
): Promise<void> {
  const profile = alreadyMailed ? undefined : await tx.get(userRef(account.connectedBy).withConverter(null));
  tx.update(connectedAccountRef(teamId, accountId), { health: "needs_reauth", healthReason: reason });
  const email = profile?.get("email");
  const mailNow = !alreadyMailed && typeof email === "string" && email.includes("@");
  tx.update(accountTokenStateRef(teamId, accountId), { ...releaseLease, refreshDueAt: null, reauthMailed: alreadyMailed || mailNow });
  if (mailNow) tx.set(mail().doc(), reauthMail(email, account));
}

/**
 * Refreshes (or re-checks) one account under its lease. `force` refreshes even when not due
 * (after a platform 401). Never throws for platform or KMS trouble once it holds the lease: that
 * is a failure of this account, backed off like any other, so it cannot hold up the others.
 */
export async function refreshAccount(
  teamId: string,
  accountId: string,
  options: { force?: boolean; now?: number } = {},
): Promise<RefreshOutcome> {
  const now = options.now ?? Date.now();
  const lease = await takeLease(teamId, accountId, options.force ?? false, now);
  if (lease === "busy" || lease === "gone") return lease;
  if (lease === "not-due") return "checked";
  try {
    return await refreshLeased(teamId, accountId, lease, now);
  } catch (error) {
    return recordFailure(teamId, accountId, lease, error, now);
  }
}

/**
 * Tokens that are missing or no longer decrypt make the account `needs_reauth`: like a refused
 * grant, only connecting it again helps (the reason tells them apart). A KMS outage throws.
 */
async function refreshLeased(teamId: string, accountId: string, lease: Lease, now: number): Promise<RefreshOutcome> {
  const definition = platformDefinition(lease.account.platform);
  const read = await loadAccountTokens(teamId, accountId);
  if (!read.tokens) {
    const { missing } = read;
    await whileLeased(teamId, accountId, lease.leaseId, (tx) =>
      markNeedsReauth(tx, teamId, accountId, lease.account, missing, lease.reauthMailed),
    );
    return "needs_reauth";
  }
  const { tokens } = read;
  if (!canRefresh(definition, tokens, now)) return applyHealth(teamId, accountId, lease, tokens, now);
  let refreshed: StoredTokens;
  try {
    refreshed = await refreshTokens(await platformEndpoints(definition.platform), oauthClientConfig(definition.platform), tokens, now);
  } catch (error) {
    return recordFailure(teamId, accountId, lease, error, now);
  }
  const sealed = await sealTokens(teamId, accountId, refreshed);
  const health = healthOf(definition, refreshed, now);
  const stored = await whileLeased(teamId, accountId, lease.leaseId, (tx) => {
    writeSealedTokens(tx, teamId, accountId, sealed);
    tx.update(connectedAccountRef(teamId, accountId), {
      expiresAt: refreshed.expiresAt ? Timestamp.fromMillis(refreshed.expiresAt) : FieldValue.delete(),
      health: health.health,
      healthReason: health.healthReason ?? FieldValue.delete(),
      lastRefreshedAt: FieldValue.serverTimestamp(),
    });
    tx.update(accountTokenStateRef(teamId, accountId), {
      ...releaseLease,
      refreshDueAt: dueAt(nextCheckAt(definition, refreshed, now)),
      failures: 0,
      reauthMailed: false,
    });
  });
  if (!stored) {
    // The platform already rotated the tokens; losing them here is the one case the lease cannot prevent.
    logError("connections.refreshLeaseLost", new Error("lease lost before the refreshed tokens were stored"), { teamId, accountId });
    return "failed";
  }
  logInfo("connections.refreshed", { teamId, accountId, platform: definition.platform });
  return "refreshed";
}

/** No platform call possible or needed: store the health the tokens imply and the next check. */
async function applyHealth(teamId: string, accountId: string, lease: Lease, tokens: StoredTokens, now: number): Promise<RefreshOutcome> {
  const definition = platformDefinition(lease.account.platform);
  const health = healthOf(definition, tokens, now);
  await whileLeased(teamId, accountId, lease.leaseId, async (tx) => {
    if (health.health === "needs_reauth") {
      await markNeedsReauth(tx, teamId, accountId, lease.account, health.healthReason ?? "expired", lease.reauthMailed);
      return;
    }
    tx.update(connectedAccountRef(teamId, accountId), { health: health.health, healthReason: health.healthReason ?? FieldValue.delete() });
    tx.update(accountTokenStateRef(teamId, accountId), { ...releaseLease, refreshDueAt: dueAt(nextCheckAt(definition, tokens, now)) });
  });
  return health.health === "needs_reauth" ? "needs_reauth" : "checked";
}

async function recordFailure(teamId: string, accountId: string, lease: Lease, error: unknown, now: number): Promise<RefreshOutcome> {
  if (error instanceof GrantRefusedError) {
    logWarn("connections.grantRefused", { teamId, accountId, platform: lease.account.platform, platformError: error.platformError });
    await whileLeased(teamId, accountId, lease.leaseId, (tx) =>
      markNeedsReauth(tx, teamId, accountId, lease.account, "revoked", lease.reauthMailed),
    );
    return "needs_reauth";
  }
  const failures = lease.failures + 1;
  logError("connections.refreshFailed", error, {
    teamId,
    accountId,
    platform: lease.account.platform,
    failures,
    transient: error instanceof PlatformUnavailableError,
  });
  await whileLeased(teamId, accountId, lease.leaseId, (tx) => {
    tx.update(accountTokenStateRef(teamId, accountId), {
      ...releaseLease,
      failures,
      refreshDueAt: Timestamp.fromMillis(now + retryDelayMs(failures)),
    });
    if (failures >= ERROR_AFTER_FAILURES)
      tx.update(connectedAccountRef(teamId, accountId), { health: "error", healthReason: "refresh-failing" });
  });
  return "failed";
}
