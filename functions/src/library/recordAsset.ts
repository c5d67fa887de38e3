import { onObjectFinalized, type StorageObjectData } from "firebase-functions/v2/storage";
import { libraryAssetRef, serverNow, type LibraryAssetType } from "../common/collections.js";
import { bucket } from "../common/firebase.js";
import { logInfo, logWarn } from "../common/logs.js";
import { parseLibraryPath } from "./paths.js";

/** image or video, from the object's content type; null for anything else. */
export function assetType(contentType: string | undefined): LibraryAssetType | null {
  if (/^image\/(jpeg|png|gif|webp)$/.test(contentType ?? "")) return "image";
  if (/^video\/(mp4|quicktime|webm)$/.test(contentType ?? "")) return "video";
  return null;
}

/** The subset of the finalize event's object that the record is made from. */
export type FinalizedObject = Pick<StorageObjectData, "name" | "contentType" | "size" | "metadata">;

/**
 * Records `teams/{teamId}/libraryAssets/{assetId}` for a finalized library object, from the
 * object's own metadata (size, content type, customMetadata.name/uploadedBy). Objects outside
 * the library, of another type, or already deleted again are ignored. Idempotent.
 * @returns true when a record was written.
 */
export async function handleObjectFinalized(object: FinalizedObject): Promise<boolean> {
  const path = parseLibraryPath(object.name);
  if (!path) return false;
  const type = assetType(object.contentType);
  if (!type) {
    logWarn("library.unsupportedType", { storagePath: object.name, contentType: object.contentType });
    return false;
  }
  // A retried or late event for a file that library-deleteAsset already removed.
  const [stillThere] = await bucket().file(object.name).exists();
  if (!stillThere) return false;

  const metadata = object.metadata ?? {};
  await libraryAssetRef(path.teamId, path.assetId).set({
    name: metadata.name || path.fileName,
    type,
    storagePath: object.name,
    fileName: path.fileName,
    fileType: object.contentType ?? "",
    size: Number(object.size),
    uploadedBy: metadata.uploadedBy || null,
    uploadedAt: serverNow(),
  });
  logInfo("library.assetRecorded", { teamId: path.teamId, assetId: path.assetId, type, size: Number(object.size) });
  return true;
}

/** Storage finalize trigger on the default bucket: records library uploads. */
export const onAssetUploaded = onObjectFinalized(async (event) => {
  await handleObjectFinalized(event.data);
});
