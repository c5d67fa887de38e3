import type { StorageObjectData } from "firebase-functions/v2/storage";
import { libraryAssetRef } from "../common/collections/library.js";
import { serverNow } from "../common/collections/typed.js";
import type { LibraryAssetType } from "../models/library.js";
import { bucket } from "../common/firebase.js";
import { logInfo, logWarn } from "../common/logs.js";
import { deleteObjectGeneration } from "./objects.js";
import { assetFolder, parseLibraryPath } from "./paths.js";

/** image or video, from the object's content type; null for anything else. */
export function assetType(contentType: string | undefined): LibraryAssetType | null {
  if (/^image\/(jpeg|png|gif|webp)$/.test(contentType ?? "")) return "image";
  if (/^video\/(mp4|quicktime|webm)$/.test(contentType ?? "")) return "video";
  return null;
}

/** The subset of the finalize event's object that the record is made from. */
export type FinalizedObject = Pick<StorageObjectData, "name" | "contentType" | "size" | "metadata" | "generation">;

/** One file of an asset folder, as the folder's listing shows it. */
export interface FolderFile {
  name: string;
  generation: string;
  uploadedBy: string;
  createdAt: number;
}

/**
 * Who owns an asset folder and which file is the asset (issue #10.9): the folder belongs to the
 * uploader of its oldest file; of that uploader's files the newest is the asset, and every other
 * file goes (another member's files, and the owner's replaced ones). Decided from the folder's
 * contents alone, so finalize events may arrive in any order or twice and still agree.
 */
export function settleAssetFolder(files: FolderFile[]): { asset: FolderFile | null; remove: FolderFile[] } {
  if (!files.length) return { asset: null, remove: [] };
  const byAge = [...files].sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  const owner = byAge[0].uploadedBy;
  const asset = byAge.filter((file) => file.uploadedBy === owner).at(-1) ?? null;
  return { asset, remove: byAge.filter((file) => file !== asset) };
}

async function listAssetFolder(teamId: string, assetId: string): Promise<FolderFile[]> {
  const [files] = await bucket().getFiles({ prefix: assetFolder(teamId, assetId) });
  return files.map((file) => ({
    name: file.name,
    generation: String(file.metadata.generation ?? ""),
    uploadedBy: String(file.metadata.metadata?.uploadedBy ?? ""),
    createdAt: Date.parse(file.metadata.timeCreated ?? "") || 0,
  }));
}

/**
 * Records `teams/{teamId}/libraryAssets/{assetId}` for a finalized library object, from the
 * object's own metadata (size, content type, customMetadata.name/uploadedBy). Objects outside
 * the library, of another type, or already deleted again are ignored. A file that another
 * member put into someone's asset folder is deleted instead, and so is the owner's previous file
 * when they upload a new one into their folder. Idempotent.
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
  const { asset, remove } = settleAssetFolder(await listAssetFolder(path.teamId, path.assetId));
  for (const file of remove) {
    await deleteObjectGeneration(file.name, file.generation);
    const foreign = file.uploadedBy !== asset?.uploadedBy;
    logInfo(foreign ? "library.foreignFileRemoved" : "library.replacedFileRemoved", {
      teamId: path.teamId,
      assetId: path.assetId,
      storagePath: file.name,
      uploadedBy: file.uploadedBy,
    });
  }
  // Not (or no longer) the asset: another member's file, an older one, or already deleted again.
  if (asset?.name !== object.name || asset.generation !== String(object.generation)) return false;

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
