/**
 * Download tokens of a team's files change when a member leaves or is removed (issue #10.6): a
 * `getDownloadURL` link works for anyone holding it, without rules, for as long as the file's
 * token stays the same. The member's removal starts a background job that gives every file they
 * could read (the library, and the attachments of every channel they could see) a new token,
 * one page of files per step; each step is a write to the job document, which runs the next
 * step, so a failed step is retried where it stopped.
 */
import { randomUUID } from "node:crypto";
import { onDocumentUpdated, onDocumentWritten } from "firebase-functions/v2/firestore";
import { channels, chatAttachmentPrefix } from "../common/collections/chat.js";
import { tokenRotationRef } from "../common/collections/library.js";
import { teamRef } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import { channelSchema } from "../models/chat.js";
import { bucket } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { libraryFolder } from "./paths.js";
import { grpcCode, GrpcStatus } from "../common/grpcStatus.js";
import { runTransaction } from "../common/transaction.js";

/** A Storage object handle, as the Admin SDK's bucket returns it. */
type File = ReturnType<ReturnType<typeof bucket>["file"]>;

/** Files whose token one step rotates. */
export const ROTATION_PAGE_SIZE = 200;
/** Metadata updates in flight at once within a step. */
const PARALLEL_UPDATES = 16;

/** The Storage metadata key holding a file's download tokens (comma-separated). */
export const DOWNLOAD_TOKENS_KEY = "firebaseStorageDownloadTokens";

/**
 * The folders whose files `uid` could read as a member: the library, and the attachment folder
 * of every public channel and of every private channel or DM listing them. A channel document
 * that does not parse is included: rotating one folder too many is harmless.
 */
export async function readableFolders(teamId: string, uid: string): Promise<string[]> {
  const snapshot = await channels(teamId).withConverter(null).get();
  const seen = snapshot.docs.filter((doc) => {
    const channel = channelSchema.safeParse(doc.data());
    return !channel.success || channel.data.memberIds.length === 0 || channel.data.memberIds.includes(uid);
  });
  return [libraryFolder(teamId), ...seen.map((doc) => chatAttachmentPrefix(teamId, doc.id))];
}

function isAlreadyExists(error: unknown): boolean {
  return grpcCode(error) === GrpcStatus.ALREADY_EXISTS;
}

/**
 * Creates the rotation job for a member who left `teamId`. `jobId` comes from the removal
 * event's id, so a repeated event creates nothing. A team that no longer exists has no files to protect.
 * @returns true when a job was created.
 */
export async function startTokenRotation(teamId: string, removedUid: string, jobId: string): Promise<boolean> {
  if (!(await teamRef(teamId).get()).exists) return false;
  const prefixes = await readableFolders(teamId, removedUid);
  try {
    await tokenRotationRef(teamId, jobId).create({
      removedUid,
      prefixes,
      prefixIndex: 0,
      pageToken: null,
      step: 0,
      filesRotated: 0,
      status: "running",
      createdAt: serverNow(),
      updatedAt: serverNow(),
    });
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw error;
  }
  logInfo("library.tokenRotationStarted", { teamId, jobId, removedUid, folders: prefixes.length });
  return true;
}

/** Gives one file a single new download token; a file deleted meanwhile is skipped. */
async function rotateToken(file: File): Promise<boolean> {
  try {
    await file.setMetadata({ metadata: { [DOWNLOAD_TOKENS_KEY]: randomUUID() } });
    return true;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 404) return false;
    throw error;
  }
}

async function rotateAll(files: File[]): Promise<number> {
  let next = 0;
  let rotated = 0;
  const worker = async () => {
    while (next < files.length) {
      if (await rotateToken(files[next++])) rotated++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPDATES, files.length) }, worker));
  return rotated;
}

/** Where a rotation stands: the folder (`prefixes[prefixIndex]`) and the page in it to do next. */
export interface RotationCursor {
  prefixIndex: number;
  pageToken: string | null;
}

/** Lists up to one page of files from `cursor` on, across folders. */
async function nextPage(prefixes: string[], from: RotationCursor): Promise<{ files: File[]; cursor: RotationCursor }> {
  const files: File[] = [];
  let cursor: RotationCursor = { prefixIndex: from.prefixIndex, pageToken: from.pageToken };
  while (files.length < ROTATION_PAGE_SIZE && cursor.prefixIndex < prefixes.length) {
    const [page, nextQuery] = await bucket().getFiles({
      prefix: prefixes[cursor.prefixIndex],
      maxResults: ROTATION_PAGE_SIZE - files.length,
      pageToken: cursor.pageToken ?? undefined,
      autoPaginate: false,
    });
    files.push(...page);
    const pageToken = nextQuery?.pageToken;
    cursor = pageToken ? { prefixIndex: cursor.prefixIndex, pageToken } : { prefixIndex: cursor.prefixIndex + 1, pageToken: null };
  }
  return { files, cursor };
}

/**
 * Gives the next page of files (up to ROTATION_PAGE_SIZE, across `prefixes`) a new download token
 * each. The work of one job step, without the job document.
 */
export async function rotateNextPage(
  prefixes: string[],
  from: RotationCursor,
): Promise<{ rotated: number; cursor: RotationCursor; done: boolean }> {
  const { files, cursor } = await nextPage(prefixes, from);
  const rotated = await rotateAll(files);
  return { rotated, cursor, done: cursor.prefixIndex >= prefixes.length };
}

export type StepOutcome = "continued" | "done" | "skipped";

/**
 * Runs one step of a rotation job: rotates the tokens of the next page of files and moves the
 * job's cursor on, which triggers the next step. A repeated event for a step already taken
 * rotates that page again (harmless) and does not move the cursor twice.
 */
export async function runTokenRotationStep(teamId: string, jobId: string): Promise<StepOutcome> {
  const ref = tokenRotationRef(teamId, jobId);
  const [jobSnapshot, team] = await Promise.all([ref.get(), teamRef(teamId).get()]);
  const job = jobSnapshot.data();
  if (!job) return "skipped";
  // Started while the team was being deleted: the job must not outlive it.
  if (!team.exists) {
    await ref.delete();
    return "skipped";
  }
  if (job.status !== "running") return "skipped";
  const { rotated, cursor, done } = await rotateNextPage(job.prefixes, job);
  const moved = await runTransaction(async (tx) => {
    const current = (await tx.get(ref)).data();
    if (!current || current.step !== job.step) return false;
    tx.update(ref, {
      ...cursor,
      step: job.step + 1,
      filesRotated: current.filesRotated + rotated,
      status: done ? "done" : "running",
      updatedAt: serverNow(),
    });
    return true;
  });
  if (!moved) return "skipped";
  if (done) logInfo("library.tokenRotationDone", { teamId, jobId, files: job.filesRotated + rotated, steps: job.step + 1 });
  return done ? "done" : "continued";
}

function memberIdsOf(data: unknown): string[] {
  const ids = (data as { memberIds?: unknown } | undefined)?.memberIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}

/** The uids a team document update took out of `memberIds`. */
export function removedMembers(before: unknown, after: unknown): string[] {
  const remaining = new Set(memberIdsOf(after));
  return memberIdsOf(before).filter((uid) => !remaining.has(uid));
}

/**
 * A member left or was removed (teams-leave, teams-removeMember, account deletion all take them
 * out of the team's `memberIds`): rotate what they could read. Watching the team document, not
 * the membership documents, means a deleted team (whose files are deleted anyway) starts
 * nothing.
 */
export const onMemberRemoved = onDocumentUpdated({ document: "teams/{teamId}", retry: true }, async (event) => {
  const removed = removedMembers(event.data?.before.data(), event.data?.after.data());
  for (const uid of removed) await startTokenRotation(event.params.teamId, uid, `${event.id}-${uid}`);
});

/** Each write of a running job runs its next step. */
export const onTokenRotationStep = onDocumentWritten({ document: "teams/{teamId}/tokenRotations/{jobId}", retry: true }, async (event) => {
  if (!event.data?.after.exists) return;
  await runTokenRotationStep(event.params.teamId, event.params.jobId);
});
