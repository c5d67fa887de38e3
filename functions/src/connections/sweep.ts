import { FieldPath, Timestamp, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { accountTokenStates } from "../common/collections/connections.js";
import type { AccountTokenState } from "../models/connections.js";
import { logError, logInfo } from "../common/logs.js";
import { PLATFORM_SECRETS } from "./endpoints.js";
import { refreshAccount, type RefreshOutcome } from "./refresh.js";

export interface SweepOptions {
  now?: number;
  pageSize?: number;
  /** Refreshes in flight at once. */
  concurrency?: number;
  /** Stop after this many accounts (the next run takes the rest). */
  maxAccounts?: number;
}

export type SweepResult = Record<RefreshOutcome, number> & { accounts: number };

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

/**
 * One account's refresh, whatever goes wrong with it: an error is logged and counted as `failed`,
 * and the sweep goes on with the other accounts. (refreshAccount backs off an account that failed
 * under its lease, so it does not come first again in the next run.)
 */
async function refreshIsolated(doc: QueryDocumentSnapshot<AccountTokenState>, now: number): Promise<RefreshOutcome> {
  try {
    const { teamId, accountId } = doc.data();
    return await refreshAccount(teamId, accountId, { now });
  } catch (error) {
    logError("connections.refreshCrashed", error, { stateId: doc.id });
    return "failed";
  }
}

/**
 * Refreshes (or re-checks) every account whose `refreshDueAt` has come, in pages ordered by due
 * time, with bounded concurrency. Each account goes through its lease, so a concurrent run or a
 * publisher's forced refresh never refreshes it twice.
 */
export async function refreshDueAccounts(options: SweepOptions = {}): Promise<SweepResult> {
  const now = options.now ?? Date.now();
  const pageSize = options.pageSize ?? 200;
  const concurrency = options.concurrency ?? 20;
  const maxAccounts = options.maxAccounts ?? 20_000;
  const result: SweepResult = { accounts: 0, refreshed: 0, checked: 0, busy: 0, needs_reauth: 0, failed: 0, gone: 0 };
  let cursor: QueryDocumentSnapshot<AccountTokenState> | null = null;
  while (result.accounts < maxAccounts) {
    let page = accountTokenStates()
      .where("refreshDueAt", "<=", Timestamp.fromMillis(now))
      .orderBy("refreshDueAt")
      .orderBy(FieldPath.documentId())
      .limit(Math.min(pageSize, maxAccounts - result.accounts));
    if (cursor) page = page.startAfter(cursor);
    const snapshot = await page.get();
    if (snapshot.empty) break;
    await pool(snapshot.docs, concurrency, async (doc) => {
      result[await refreshIsolated(doc, now)] += 1;
    });
    result.accounts += snapshot.size;
    cursor = snapshot.docs[snapshot.docs.length - 1];
  }
  logInfo("connections.sweep", { ...result });
  return result;
}

/** Every 10 minutes: tokens are refreshed 15 minutes ahead of expiry (health.ts). */
export const refreshTokensSchedule = onSchedule(
  { schedule: "every 10 minutes", timeZone: "UTC", secrets: PLATFORM_SECRETS, timeoutSeconds: 540 },
  async () => {
    await refreshDueAccounts();
  },
);
