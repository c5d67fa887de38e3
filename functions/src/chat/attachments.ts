import { bucket } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";

/** Deletes one Storage object; a file that is already gone is fine. */
export async function deleteStorageFile(path: string): Promise<void> {
  await bucket().file(path).delete({ ignoreNotFound: true });
  logInfo("chat.attachmentDeleted", { path });
}
