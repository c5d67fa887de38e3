import { FieldPath, Timestamp } from "firebase-admin/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { userDeletions, userReconcilerStateRef, users } from "../common/collections/identity.js";
import { serverNow } from "../common/collections/typed.js";
import { app } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { inParallel } from "../common/parallel.js";
import { resumeStalledTeamDeletions } from "../teams/deleteTeam.js";
import { retryDueMemberCleanups } from "../teams/memberCleanup.js";
import { deleteUserData, runPendingCleanup } from "./deleteUserData.js";

/** How much one run may do, so that it ends well inside its timeout whatever the user count. */
export interface ReconcileLimits {
  /** Unfinished deletions retried per run, and as many unfinished member cleanups. */
  maxRetries: number;
  /** Profiles checked against Auth per run; the scan goes on from there on the next run. */
  maxProfiles: number;
  /** Profiles read per query page. */
  pageSize: number;
}

export const DEFAULT_RECONCILE_LIMITS: ReconcileLimits = { maxRetries: 500, maxProfiles: 20_000, pageSize: 1_000 };

/** Auth's `getUsers` takes at most 100 identifiers. */
const AUTH_LOOKUP_BATCH = 100;
/** Account deletions run side by side, at most this many at once. */
const DELETION_CONCURRENCY = 8;

export interface ReconcileReport {
  /** Unfinished deletions retried, and how many of them are now complete. */
  retried: number;
  completed: number;
  /** Profiles checked, and ghosts among them (no Auth user) that got the account deletion. */
  scanned: number;
  ghosts: number;
  /** Where the next run's scan starts (null: from the beginning). */
  cursor: string | null;
  /** Team deletion jobs that had died and were started again. */
  teamDeletionsResumed: number;
  /** Member cleanups (a member who left or was removed) retried, and how many of them are now done. */
  memberCleanupsRetried: number;
  memberCleanupsCompleted: number;
}

/** Retries the pending steps of deletions whose `retryAt` has passed, oldest first. */
async function retryPendingDeletions(limit: number, now: Date): Promise<{ retried: number; completed: number }> {
  const due = await userDeletions().where("retryAt", "<=", Timestamp.fromDate(now)).orderBy("retryAt").limit(limit).get();
  const outcomes = await inParallel(due.docs, DELETION_CONCURRENCY, (doc) => {
    const { teamIds, pendingSteps } = doc.data();
    return runPendingCleanup({ uid: doc.id, teamIds }, pendingSteps);
  });
  return { retried: due.size, completed: outcomes.filter((outcome) => !outcome.pending.length).length };
}

/** The uids among `uids` that have no Auth user. */
async function withoutAuthUser(uids: string[]): Promise<string[]> {
  const { getAuth } = await import("firebase-admin/auth");
  const auth = getAuth(app());
  const missing: string[] = [];
  for (let start = 0; start < uids.length; start += AUTH_LOOKUP_BATCH) {
    const batch = uids.slice(start, start + AUTH_LOOKUP_BATCH);
    const { notFound } = await auth.getUsers(batch.map((uid) => ({ uid })));
    for (const identifier of notFound) if ("uid" in identifier) missing.push(identifier.uid);
  }
  return missing;
}

/**
 * Checks up to `limits.maxProfiles` profiles against Auth, from where the last run stopped, and
 * runs the account deletion for each ghost (a profile whose Auth user no longer exists).
 */
async function removeGhostProfiles(limits: ReconcileLimits): Promise<{ scanned: number; ghosts: number; cursor: string | null }> {
  const stateRef = userReconcilerStateRef();
  let cursor = (await stateRef.get()).data()?.cursor ?? null;
  let scanned = 0;
  let ghosts = 0;
  while (scanned < limits.maxProfiles) {
    const size = Math.min(limits.pageSize, limits.maxProfiles - scanned);
    let page = users().withConverter(null).select().orderBy(FieldPath.documentId()).limit(size);
    if (cursor) page = page.startAfter(cursor);
    const uids = (await page.get()).docs.map((doc) => doc.id);
    scanned += uids.length;
    const found = await withoutAuthUser(uids);
    await inParallel(found, DELETION_CONCURRENCY, deleteUserData);
    ghosts += found.length;
    if (uids.length < size) {
      cursor = null;
      break;
    }
    cursor = uids[uids.length - 1];
  }
  await stateRef.set({ cursor, updatedAt: serverNow() });
  return { scanned, ghosts, cursor };
}

/**
 * One bounded run of the reconciler: first the unfinished deletions that are due, then the next
 * pages of the ghost scan, then the team deletion jobs that died (started again), then the due
 * member cleanups of members who left or were removed. Idempotent; two runs at once only repeat
 * idempotent work.
 */
export async function reconcileUsers(limits: ReconcileLimits = DEFAULT_RECONCILE_LIMITS, now = new Date()): Promise<ReconcileReport> {
  const { retried, completed } = await retryPendingDeletions(limits.maxRetries, now);
  const { scanned, ghosts, cursor } = await removeGhostProfiles(limits);
  const teamDeletionsResumed = await resumeStalledTeamDeletions(now);
  const memberCleanups = await retryDueMemberCleanups(now, limits.maxRetries);
  const report = {
    retried,
    completed,
    scanned,
    ghosts,
    cursor,
    teamDeletionsResumed,
    memberCleanupsRetried: memberCleanups.retried,
    memberCleanupsCompleted: memberCleanups.completed,
  };
  logInfo("identity.usersReconciled", { ...report });
  return report;
}

/** Daily: nothing about a user's existence depends on the Auth triggers alone. */
export const reconcileUsersSchedule = onSchedule(
  { schedule: "every day 03:30", timeZone: "UTC", timeoutSeconds: 540, memory: "512MiB" },
  async () => {
    await reconcileUsers();
  },
);
