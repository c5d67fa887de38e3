/**
 * Deleting a channel's contents as a chunked, resumable job. A client deletes the channel
 * document under the rules (which at once refuse its messages and typing to everyone: their
 * rules read the channel); the delete trigger runs the first page, and each further page runs
 * as a Cloud Task (`chat-deleteChannelPage`, chat/deleteChannelTask.ts) that enqueues the next.
 * The messages go in bulk and their attachments by the channel's Storage prefix, so
 * `chat-onMessageDeleted` skips the messages of a deleted channel. docs/chat.md, "Deleting a
 * channel".
 */
import { z } from "zod";
import { channelRef, chatAttachmentPrefix, reads } from "../common/collections/chat.js";
import { members, teamRef } from "../common/collections/teams.js";
import { writeInBatches } from "../common/batches.js";
import { DELETION_PAGE_SIZE, deleteDescendantsPage, deleteStoragePage } from "../common/deletion.js";
import { logInfo } from "../common/logs.js";
import { enqueueTask, hashedTaskId, parseTask } from "../common/tasks.js";

/** The task queue function (its deployed name). */
const PAGE_FUNCTION = "chat-deleteChannelPage";
/** A channel's subcollections (messages, typing) hold leaves only. */
const NO_PARENT_COLLECTIONS: ReadonlySet<string> = new Set();

/** One page of a channel deletion; `run` is the delete event's id (a redelivered event is the same run). */
export const channelDeletionTaskSchema = z.object({
  teamId: z.string().min(1).max(1500),
  channelId: z.string().min(1).max(1500),
  run: z.string().min(1).max(200),
  page: z.number().int().min(0),
});
export type ChannelDeletionTask = z.infer<typeof channelDeletionTaskSchema>;

/** Every member's read marker of the channel (a team has at most a few members). */
async function deleteReadMarkers(teamId: string, channelId: string): Promise<void> {
  const memberRefs = await members(teamId).listDocuments();
  await writeInBatches(
    memberRefs.map((member) => reads(teamId, member.id).doc(channelId)),
    (batch, ref) => batch.delete(ref),
  );
}

/**
 * One page: up to DELETION_PAGE_SIZE messages and typing documents, then (once they are gone)
 * the rest of the page's budget in attachment files, and on the last page the read markers.
 * Returns true when the channel is fully deleted.
 */
export async function deleteChannelPage({
  teamId,
  channelId,
}: ChannelDeletionTask): Promise<{ documents: number; files: number; done: boolean }> {
  const documents = await deleteDescendantsPage(channelRef(teamId, channelId), NO_PARENT_COLLECTIONS);
  const files = documents.done
    ? await deleteStoragePage(chatAttachmentPrefix(teamId, channelId), DELETION_PAGE_SIZE - documents.deleted)
    : { deleted: 0, done: false };
  const done = documents.done && files.done;
  if (done) await deleteReadMarkers(teamId, channelId);
  return { documents: documents.deleted, files: files.deleted, done };
}

/** Runs one page and enqueues the next (same page of the same run: same task id). */
async function runChannelDeletionPage(task: ChannelDeletionTask, retryCount: number): Promise<void> {
  const page = await deleteChannelPage(task);
  if (!page.done) {
    const next = { ...task, page: task.page + 1 };
    await enqueueTask(PAGE_FUNCTION, next, { id: hashedTaskId([next.teamId, next.channelId, next.run, next.page], "channel-deletion") });
  }
  logInfo("chat.channelDeletionPage", {
    teamId: task.teamId,
    channelId: task.channelId,
    run: task.run,
    page: task.page,
    ...page,
    retryCount,
  });
}

/**
 * A channel document was deleted: its first page of contents now, the rest through the queue.
 * A channel that goes with its team (marked `deletingAt`) is left to the team's job, which deletes
 * the whole tree and folder anyway. Idempotent, so a retried event is harmless.
 */
export async function handleChannelDeleted(event: { teamId: string; channelId: string; eventId: string }): Promise<void> {
  const { teamId, channelId, eventId } = event;
  const team = await teamRef(teamId).withConverter(null).get();
  if (team.get("deletingAt") !== undefined) return;
  await runChannelDeletionPage({ teamId, channelId, run: eventId, page: 0 }, 0);
}

/** Handles one page task; a malformed task is dropped (retrying cannot fix it). */
export async function handleChannelDeletionTask(data: unknown, retryCount: number): Promise<void> {
  const task = parseTask(channelDeletionTaskSchema, data, "chat.channelDeletionBadTask");
  if (task) await runChannelDeletionPage(task, retryCount);
}
