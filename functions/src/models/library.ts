/** Content library (CONTRACT §5): `teams/{teamId}/libraryAssets/{assetId}` and `library-*`. */
import * as z from "zod";
import { documentId, timestamp } from "./shared.js";

export const libraryAssetTypes = ["image", "video"] as const;
export type LibraryAssetType = (typeof libraryAssetTypes)[number];

/** `teams/{teamId}/libraryAssets/{assetId}`: members read; only functions write. */
export const libraryAssetSchema = z.object({
  name: z.string(),
  type: z.enum(libraryAssetTypes),
  storagePath: z.string(),
  fileName: z.string(),
  fileType: z.string(),
  size: z.number().int().nonnegative(),
  uploadedBy: z.string().nullable(),
  uploadedAt: timestamp,
});
export type LibraryAsset = z.infer<typeof libraryAssetSchema>;

/**
 * `teams/{teamId}/usage/storage`: the bytes the team's files take in Storage (library files and
 * chat attachments) and the quota they count against. Kept by the library's Storage triggers,
 * read by `storage.rules` to refuse uploads over the quota; members read it, clients never write.
 */
export const teamStorageUsageSchema = z.object({
  bytes: z.number().int().nonnegative(),
  limit: z.number().int().nonnegative(),
  updatedAt: timestamp,
});
export type TeamStorageUsage = z.infer<typeof teamStorageUsageSchema>;

/**
 * `teams/{teamId}/storageObjects/{sha256(objectName)}`: which generation of a team file is in
 * the byte counter, and with what size (server only). It makes counting idempotent: a retried or
 * duplicated Storage event finds its generation already counted or already released.
 */
export const countedObjectSchema = z.object({
  name: z.string(),
  generation: z.string(),
  size: z.number().int().nonnegative(),
  countedAt: timestamp,
});
export type CountedObject = z.infer<typeof countedObjectSchema>;

/**
 * `teams/{teamId}/tokenRotations/{jobId}`: a background job that gives every file a removed
 * member could read a new download token, one page of files per step (server only).
 * `prefixes[prefixIndex]` with `pageToken` is where the next page starts.
 */
export const tokenRotationSchema = z.object({
  removedUid: z.string(),
  prefixes: z.array(z.string()),
  prefixIndex: z.number().int().nonnegative(),
  pageToken: z.string().nullable(),
  step: z.number().int().nonnegative(),
  filesRotated: z.number().int().nonnegative(),
  status: z.enum(["running", "done"]),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type TokenRotation = z.infer<typeof tokenRotationSchema>;

// ---- callables: requests and responses ----------------------------------------------------

/** `library-deleteAsset { teamId, assetId }` → `{}`. */
export const deleteAssetInput = z.strictObject({ teamId: documentId, assetId: documentId });
export type DeleteAssetInput = z.infer<typeof deleteAssetInput>;
