import { chatAttachmentPrefix, members, messages, reads, typing } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { deleteStoragePrefix } from "./attachments.js";

/**
 * A channel document was deleted (by a client under the rules, or with its team): delete its
 * messages, typing documents, every member's read marker and its attachment files.
 * Idempotent, so a retried event is harmless.
 */
export async function handleChannelDeleted(event: { teamId: string; channelId: string }): Promise<void> {
  const { teamId, channelId } = event;
  await db().recursiveDelete(messages(teamId, channelId));
  await db().recursiveDelete(typing(teamId, channelId));
  const memberRefs = await members(teamId).listDocuments();
  if (memberRefs.length) {
    const batch = db().batch();
    for (const member of memberRefs) batch.delete(reads(teamId, member.id).doc(channelId));
    await batch.commit();
  }
  await deleteStoragePrefix(chatAttachmentPrefix(teamId, channelId));
  logInfo("chat.channelDeleted", { teamId, channelId });
}
