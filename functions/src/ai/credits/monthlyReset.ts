/**
 * The monthly usage job: makes every user's new month visible as `{ used: 0, limit, period }`
 * at 00:00 UTC on the 1st. One scheduled run cannot walk 10 million users inside a function's
 * timeout, so the run only enqueues one Cloud Task per id-range shard; each task handles one
 * bounded page of users and enqueues the next page of its shard. Every step is idempotent
 * (usage documents are created, never overwritten; task ids are derived from the work), so
 * retries, duplicate deliveries and a second run change nothing. Why the job is kept at all:
 * docs/ai.md, "Credits". The schedule and the task function are in monthlyResetSchedule.ts and
 * resetUsagePageTask.ts, so that each loads its own trigger provider only.
 */
import { FieldPath, FieldValue, type DocumentData, type Query } from "firebase-admin/firestore";
import { z } from "zod";
import { aiUsageRef } from "../../common/collections/ai.js";
import { users } from "../../common/collections/identity.js";
import { emulatorOverrides } from "../../common/emulatorOverrides.js";
import { db } from "../../common/firebase.js";
import { logInfo } from "../../common/logs.js";
import { enqueueTask, hashedTaskId, parseTask } from "../../common/tasks.js";
import { getRoleLimits, limitForRole } from "../../identity/roles.js";
import { GrpcStatus } from "../../common/grpcStatus.js";

/** Users per task: one query page and one BulkWriter flush, a few seconds of work. */
export const USAGE_RESET_PAGE_SIZE = 500;
/**
 * Shard `i` holds the user ids in [ID_ALPHABET[i], ID_ALPHABET[i + 1]), the first shard also
 * everything below "1" and the last everything from "z" on, so the shards cover every id once.
 * Auth uids are random over this alphabet, so the shards come out about the same size.
 */
const ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const USAGE_RESET_SHARDS = ID_ALPHABET.length;
/** The task queue function (its deployed name). */
const PAGE_FUNCTION = "ai-resetUsagePage";

/** One page of one shard of one run. `after` is the last user id of the previous page. */
export const usageResetTaskSchema = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/),
  run: z.string().min(1).max(100),
  shard: z
    .number()
    .int()
    .min(0)
    .max(USAGE_RESET_SHARDS - 1),
  after: z.string().min(1).nullable(),
});
export type UsageResetTask = z.infer<typeof usageResetTaskSchema>;

export interface UsageResetPage {
  /** The page's first and last user ids (null for an empty page). */
  first: string | null;
  last: string | null;
  users: number;
  created: number;
  next: UsageResetTask | null;
}

/** The range of user ids a shard covers (null: unbounded on that side). */
export function shardRange(shard: number): { start: string | null; end: string | null } {
  return {
    start: shard === 0 ? null : ID_ALPHABET[shard],
    end: shard + 1 < ID_ALPHABET.length ? ID_ALPHABET[shard + 1] : null,
  };
}

/**
 * The Cloud Tasks id of a page: the same work always gets the same id, so a retried page that
 * enqueues its successor again, or a second delivery of the schedule, enqueues nothing new.
 * The id starts with a hash, as Cloud Tasks asks (sequential ids slow a queue down).
 */
export function usageResetTaskId(task: UsageResetTask): string {
  return hashedTaskId([task.period, task.run, task.shard, task.after], `usage-${task.period}`);
}

function shardPage(task: UsageResetTask): Query<DocumentData> {
  const { start, end } = shardRange(task.shard);
  let page = users().withConverter(null).orderBy(FieldPath.documentId());
  if (start) page = page.where(FieldPath.documentId(), ">=", start);
  if (end) page = page.where(FieldPath.documentId(), "<", end);
  if (task.after) page = page.startAfter(task.after);
  return page.select("role").limit(USAGE_RESET_PAGE_SIZE);
}

/**
 * Creates `users/{uid}/usage/{period}` for one page of users; documents that exist are left
 * alone. Throws when a write failed for another reason, so that the task is retried.
 */
export async function resetUsagePage(task: UsageResetTask): Promise<UsageResetPage> {
  const [limits, snapshot] = await Promise.all([getRoleLimits(), shardPage(task).get()]);
  const writer = db().bulkWriter();
  // ALREADY_EXISTS: the user already has this month's usage (they used AI since midnight).
  writer.onWriteError((error) => error.code !== GrpcStatus.ALREADY_EXISTS && error.failedAttempts < 5);
  let created = 0;
  let failed = 0;
  for (const user of snapshot.docs) {
    const usage: DocumentData = {
      used: 0,
      limit: limitForRole(limits, String(user.get("role") ?? "free")),
      period: task.period,
      updatedAt: FieldValue.serverTimestamp(),
    };
    writer.create(aiUsageRef(user.id, task.period).withConverter(null), usage).then(
      () => (created += 1),
      (error: { code?: number }) => {
        if (error.code !== GrpcStatus.ALREADY_EXISTS) failed += 1;
      },
    );
  }
  await writer.close();
  if (failed) throw new Error(`Monthly usage reset ${task.period}, shard ${task.shard}: ${failed} of ${snapshot.size} writes failed.`);
  const first = snapshot.docs[0]?.id ?? null;
  const last = snapshot.docs[snapshot.docs.length - 1]?.id ?? null;
  const next = snapshot.size === USAGE_RESET_PAGE_SIZE && last ? { ...task, after: last } : null;
  return { first, last, users: snapshot.size, created, next };
}

/** Enqueues one page; a page enqueued before (same id) counts as enqueued. */
export async function enqueueUsageResetPage(task: UsageResetTask): Promise<void> {
  await enqueueTask(PAGE_FUNCTION, task, { id: usageResetTaskId(task) });
}

/** Starts month `period`: the first page of every shard. `run` tells runs apart (the schedule time). */
export async function startMonthlyUsageReset(period: string, run: string): Promise<void> {
  const shards = Array.from({ length: USAGE_RESET_SHARDS }, (_, shard) => shard);
  await Promise.all(shards.map((shard) => enqueueUsageResetPage({ period, run, shard, after: null })));
  logInfo("ai.monthlyUsageResetStarted", { period, run, shards: USAGE_RESET_SHARDS });
}

/**
 * Emulator-only fault injection: `config/emulator.failUsageResetPageAfter` names the `after`
 * cursor of a page whose first attempt fails once its writes are done, before it enqueues the
 * next page (the worst moment to die). Production never reads it.
 */
async function injectedFailure(task: UsageResetTask, retryCount: number): Promise<void> {
  const { failUsageResetPageAfter } = await emulatorOverrides("failUsageResetPageAfter");
  if (retryCount === 0 && task.after !== null && task.after === failUsageResetPageAfter) {
    throw new Error(`Injected failure after the writes of the page after ${task.after}`);
  }
}

/** Handles one page and hands the rest of the shard to the next task. */
export async function handleUsageResetTask(data: unknown, retryCount: number): Promise<void> {
  const task = parseTask(usageResetTaskSchema, data, "ai.monthlyUsageResetBadTask");
  if (!task) return;
  const page = await resetUsagePage(task);
  await injectedFailure(task, retryCount);
  if (page.next) await enqueueUsageResetPage(page.next);
  logInfo("ai.monthlyUsageResetPage", {
    period: task.period,
    run: task.run,
    shard: task.shard,
    after: task.after,
    first: page.first,
    last: page.last,
    users: page.users,
    created: page.created,
    retryCount,
  });
}
