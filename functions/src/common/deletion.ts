/**
 * Bounded pages of a big deletion: a Firestore subtree or a Storage prefix removed a page at a
 * time, so that a chunked job (a Cloud Task per page) deletes any amount inside its timeout and
 * resumes where the last page stopped. Nothing is remembered between pages: each page deletes
 * what is still there, so a page that runs twice or after a crash just finds less to do.
 */
import type { DocumentReference } from "firebase-admin/firestore";
import type { TaskQueueOptions } from "firebase-functions/v2/tasks";
import { MAX_BATCH_WRITES, writeInBatches } from "./batches.js";
import { bucket } from "./firebase.js";
import { inParallel } from "./parallel.js";

/** Documents (or files) one page deletes: one batch of writes, a few seconds of work. */
export const DELETION_PAGE_SIZE = MAX_BATCH_WRITES;
/** Storage deletes of one page under way at once. */
const FILE_DELETE_CONCURRENCY = 20;

/**
 * The queue of a deletion job's pages: retried with backoff for about half an hour (a job that
 * still fails is started again by its owner's repair path), at most 10 pages at once so that big
 * deletions leave Firestore's write capacity to everyone else. docs/scale.md, "Capacity settings".
 */
export const DELETION_TASK_OPTIONS: TaskQueueOptions = {
  retryConfig: { maxAttempts: 10, minBackoffSeconds: 10, maxBackoffSeconds: 300 },
  rateLimits: { maxConcurrentDispatches: 10, maxDispatchesPerSecond: 5 },
  timeoutSeconds: 300,
  maxInstances: 10,
};

export interface DeletionPage {
  deleted: number;
  /** Nothing is left (when false, run another page). */
  done: boolean;
}

/**
 * Adds to `out` up to `budget` references below `parent`, children before their parent.
 * `parents` names the collections whose documents have subcollections of their own (e.g. a
 * team's `channels`, whose messages must go before the channel); the documents of any other
 * collection are taken as leaves. Returns true when the whole subtree fitted.
 */
async function collectPage(
  parent: DocumentReference,
  budget: number,
  parents: ReadonlySet<string>,
  out: DocumentReference[],
): Promise<boolean> {
  for (const collection of await parent.listCollections()) {
    const room = budget - out.length;
    if (room <= 0) return false;
    const page = await collection.select().limit(room).get();
    for (const doc of page.docs) {
      if (parents.has(collection.id) && !(await collectPage(doc.ref, budget, parents, out))) return false;
      if (out.length >= budget) return false;
      out.push(doc.ref);
    }
    if (page.size === room) return false;
  }
  return true;
}

/**
 * Deletes up to `budget` documents below `root` (not `root` itself), deepest first. Documents
 * below a parent that no longer exists are only found from their own collection: `parents`
 * keeps the known nesting in reach; whatever a page cannot reach is left for the caller's final
 * `recursiveDelete` of `root`, which finds every descendant.
 */
export async function deleteDescendantsPage(
  root: DocumentReference,
  parents: ReadonlySet<string>,
  budget = DELETION_PAGE_SIZE,
): Promise<DeletionPage> {
  const refs: DocumentReference[] = [];
  const complete = await collectPage(root, Math.min(budget, DELETION_PAGE_SIZE), parents, refs);
  await writeInBatches(refs, (batch, ref) => batch.delete(ref));
  return { deleted: refs.length, done: complete };
}

/** Deletes up to `budget` Storage objects whose names start with `prefix`. */
export async function deleteStoragePage(prefix: string, budget = DELETION_PAGE_SIZE): Promise<DeletionPage> {
  if (budget <= 0) return { deleted: 0, done: false };
  const [files] = await bucket().getFiles({ prefix, maxResults: budget, autoPaginate: false });
  await inParallel(files, FILE_DELETE_CONCURRENCY, (file) => file.delete({ ignoreNotFound: true }));
  return { deleted: files.length, done: files.length < budget };
}
