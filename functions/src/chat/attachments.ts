import { bucket } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";

/** Deletes every Storage object under `prefix` (e.g. a channel's attachment folder). */
export async function deleteStoragePrefix(prefix: string): Promise<void> {
  await bucket().deleteFiles({ prefix, force: true });
  logInfo("chat.attachmentsDeleted", { prefix });
}

/** Deletes one Storage object; a file that is already gone is fine. */
export async function deleteStorageFile(path: string): Promise<void> {
  await bucket().file(path).delete({ ignoreNotFound: true });
  logInfo("chat.attachmentDeleted", { path });
}
