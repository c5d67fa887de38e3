/**
 * Deleting a team as a chunked, resumable job. The transaction that decides the deletion marks
 * the team (`deletingAt`, teams/userCleanup.ts), which refuses every operation on it from then
 * on; the job then deletes the team's tree in bounded pages: the first page at once, in the
 * caller, each further page as a Cloud Task (`teams-deleteTeamPage`, teams/deleteTeamTask.ts)
 * that enqueues the next. Pages keep no cursor (each deletes what is still there), task ids come
 * from the work, and the team document goes last, so a page that runs twice, or again after a
 * crash, just does less; a job that died for good (its retries spent) is started again by the
 * daily reconciler. docs/teams.md, "Deleting a team".
 */
import { Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import { z } from "zod";
import type { TeamCleanupStep } from "../common/cleanup.js";
import { userRef, users } from "../common/collections/identity.js";
import { teamRef, teams } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import { DELETION_PAGE_SIZE, deleteDescendantsPage } from "../common/deletion.js";
import { injectFault } from "../common/faults.js";
import { db } from "../common/firebase.js";
import { GrpcStatus, grpcCode } from "../common/grpcStatus.js";
import { logError, logInfo, logWarn } from "../common/logs.js";
import { inParallel } from "../common/parallel.js";
import { enqueueTask, hashedTaskId, parseTask } from "../common/tasks.js";
import { runTransaction } from "../common/transaction.js";
import { removeAccountsOfTeam } from "../connections/cleanup.js";
import { deleteTeamInvitations } from "../invitations/cleanup.js";
import { deleteTeamFilesPage } from "../library/cleanup.js";
import { teamsAfterLeaving } from "./membership.js";

/**
 * Every domain's team cleanup outside the team's tree; a domain adds its own here. They run on
 * the first page of a job, before the tree goes (the connections step finds the accounts to
 * revoke in it). The team's Storage folder is deleted by the pages themselves.
 */
export const TEAM_CLEANUP_STEPS: TeamCleanupStep[] = [
  { name: "invitations", run: deleteTeamInvitations },
  { name: "connections", run: removeAccountsOfTeam },
];

/** The task queue function (its deployed name). */
const PAGE_FUNCTION = "teams-deleteTeamPage";
/**
 * The team collections whose documents have subcollections (members' read markers, channels'
 * messages and typing): a page deletes those before their parent.
 */
const PARENT_COLLECTIONS: ReadonlySet<string> = new Set(["members", "channels"]);
/** A job whose last page is older than this has died: the reconciler starts it again. */
export const TEAM_DELETION_STALLED_MS = 60 * 60_000;
/** Stalled team deletions the reconciler starts again per run. */
const MAX_RESUMED_PER_RUN = 100;

/** One page of a team deletion. `run` tells the job's runs apart (a resumed job is a new run). */
export const teamDeletionTaskSchema = z.object({
  teamId: z.string().min(1).max(1500),
  run: z.string().min(1).max(100),
  page: z.number().int().min(0),
});
export type TeamDeletionTask = z.infer<typeof teamDeletionTaskSchema>;

export interface TeamDeletionPage {
  /** Documents and Storage files this page deleted. */
  documents: number;
  files: number;
  done: boolean;
}

/**
 * Removes `teamId` from every profile that still lists it, so that the teams a profile lists
 * always exist (the team is gone by now, so nobody can join it again meanwhile).
 */
async function dropFromProfiles(teamId: string): Promise<number> {
  const listing = await users().where("teamIds", "array-contains", teamId).get();
  for (const { id: uid } of listing.docs) {
    await runTransaction(async (tx) => {
      const profile = (await tx.get(userRef(uid))).data();
      if (profile?.teamIds.includes(teamId)) tx.update(userRef(uid), { ...teamsAfterLeaving(profile, teamId), updatedAt: serverNow() });
    });
  }
  return listing.size;
}

/**
 * One page: the cleanup steps (first page only), then up to DELETION_PAGE_SIZE documents of
 * the team's tree, then (once the tree is empty) the rest of the page's budget in Storage
 * files, and once both are empty the team document itself and its id in profiles. Documents go
 * before files so that the files' delete events find the quota ledger gone and write nothing.
 */
export async function deleteTeamPage(task: TeamDeletionTask): Promise<TeamDeletionPage> {
  const { teamId } = task;
  if (task.page === 0) for (const step of TEAM_CLEANUP_STEPS) await step.run(teamId);
  const documents = await deleteDescendantsPage(teamRef(teamId), PARENT_COLLECTIONS);
  const files = documents.done ? await deleteTeamFilesPage(teamId, DELETION_PAGE_SIZE - documents.deleted) : { deleted: 0, done: false };
  const done = documents.done && files.done;
  if (done) {
    // Anything the pages could not reach (documents below a parent already gone) goes here.
    await db().recursiveDelete(teamRef(teamId));
    const profilesFixed = await dropFromProfiles(teamId);
    logInfo("teams.deleted", { teamId, run: task.run, pages: task.page + 1, profilesFixed });
  }
  return { documents: documents.deleted, files: files.deleted, done };
}

/** Enqueues one page; the same page of the same run always gets the same task id. */
async function enqueueTeamDeletionPage(task: TeamDeletionTask): Promise<void> {
  await enqueueTask(PAGE_FUNCTION, task, { id: hashedTaskId([task.teamId, task.run, task.page], "team-deletion") });
}

/**
 * Records the job's progress on the team (the reconciler tells a live job from a dead one by
 * it). False when the team document is gone: another run finished the job.
 */
async function recordProgress(task: TeamDeletionTask): Promise<boolean> {
  try {
    await teamRef(task.teamId).update({ deletion: { run: task.run, pages: task.page + 1, updatedAt: serverNow() } });
    return true;
  } catch (error) {
    if (grpcCode(error) === GrpcStatus.NOT_FOUND) return false;
    throw error;
  }
}

/** Runs one page and hands the rest of the job to the next task. */
async function runTeamDeletionPage(task: TeamDeletionTask, retryCount: number): Promise<void> {
  const page = await deleteTeamPage(task);
  // Emulator only: a test makes one page die after its deletes, before it hands on (the worst moment).
  await injectFault(`teams.deletionPage.${task.page}`);
  const goesOn = !page.done && (await recordProgress(task));
  if (goesOn) await enqueueTeamDeletionPage({ ...task, page: task.page + 1 });
  logInfo("teams.deletionPage", { teamId: task.teamId, run: task.run, page: task.page, ...page, retryCount });
}

/** A new run's id: runs differ, so a resumed job's task ids are not refused as already used. */
function newRun(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Deletes a team already marked `deletingAt`: the first page now (a small team is gone when this
 * returns), the rest through the task queue.
 */
export async function deleteTeam(teamId: string): Promise<void> {
  await runTeamDeletionPage({ teamId, run: newRun(), page: 0 }, 0);
}

/** Handles one page task; a malformed task is dropped (retrying cannot fix it). */
export async function handleTeamDeletionTask(data: unknown, retryCount: number): Promise<void> {
  const task = parseTask(teamDeletionTaskSchema, data, "teams.deletionBadTask");
  if (task) await runTeamDeletionPage(task, retryCount);
}

/** When a marked team's job last showed progress (its mark if it never did). */
function lastProgress(team: DocumentSnapshot): number {
  const at = team.get("deletion.updatedAt") ?? team.get("deletingAt");
  return at instanceof Timestamp ? at.toMillis() : 0;
}

/**
 * Starts a new run for each team marked for deletion whose job shows no progress for
 * TEAM_DELETION_STALLED_MS (its retries spent, or the process died before the first task was
 * enqueued). Reads the teams untyped, so that one damaged team document blocks no other.
 * Returns how many were started.
 */
export async function resumeStalledTeamDeletions(now = new Date()): Promise<number> {
  const cutoff = now.getTime() - TEAM_DELETION_STALLED_MS;
  const marked = await teams()
    .withConverter(null)
    .where("deletingAt", "<=", Timestamp.fromMillis(cutoff))
    .orderBy("deletingAt")
    .limit(MAX_RESUMED_PER_RUN)
    .get();
  const stalled = marked.docs.filter((team) => lastProgress(team) <= cutoff);
  const started = await inParallel(stalled, 8, async (team) => {
    try {
      await enqueueTeamDeletionPage({ teamId: team.id, run: newRun(), page: 0 });
      return true;
    } catch (error) {
      logError("teams.deletionResumeFailed", error, { teamId: team.id });
      return false;
    }
  });
  const resumed = started.filter(Boolean).length;
  if (resumed) logWarn("teams.deletionsResumed", { teams: stalled.map((team) => team.id), resumed });
  return resumed;
}
