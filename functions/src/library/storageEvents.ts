import { onObjectDeleted, onObjectFinalized, type StorageObjectData } from "firebase-functions/v2/storage";
import { logInfo } from "../common/logs.js";
import { deleteObjectGeneration } from "./objects.js";
import { countStoredObject, releaseStoredObject, type StorageObjectEvent } from "./quota.js";
import { handleObjectFinalized } from "./recordAsset.js";

function eventObject(data: Pick<StorageObjectData, "name" | "generation" | "size">): StorageObjectEvent {
  return { name: data.name, generation: String(data.generation), size: Number(data.size) };
}

/**
 * A file was finalized in the default bucket: count it against its team's quota (removing it
 * again when it does not fit), then record it if it is a library asset.
 */
export async function handleFileFinalized(data: StorageObjectData): Promise<void> {
  const object = eventObject(data);
  const outcome = await countStoredObject(object);
  if (outcome === "over-quota") {
    await deleteObjectGeneration(object.name, object.generation);
    logInfo("library.overQuotaFileRemoved", { storagePath: object.name, size: object.size });
    return;
  }
  // Library assets are team files: nothing to record outside a (still existing) team's folder.
  if (outcome === "team-gone" || outcome === "not-a-team-file") return;
  await handleObjectFinalized(data);
}

/** Counts team files against the quota and records library uploads. Retried: every step is idempotent. */
export const onFileFinalized = onObjectFinalized({ retry: true }, async (event) => {
  await handleFileFinalized(event.data);
});

/** Gives a deleted team file's bytes back (library deletes, chat attachments, channels, replaced files). */
export const onFileDeleted = onObjectDeleted({ retry: true }, async (event) => {
  await releaseStoredObject(eventObject(event.data));
});
