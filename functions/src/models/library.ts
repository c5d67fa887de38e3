/** Content library (CONTRACT §5): `teams/{teamId}/libraryAssets/{assetId}` and `library-*`. */
import * as z from "zod";
import { timestamp } from "./shared.js";

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

// ---- callables: requests and responses ----------------------------------------------------

const firestoreId = z.string().min(1).max(128).regex(/^[^/]+$/, "must be a document id (no slashes)");

/** `library-deleteAsset { teamId, assetId }` → `{}`. */
export const deleteAssetInput = z.strictObject({ teamId: firestoreId, assetId: firestoreId });
export type DeleteAssetInput = z.infer<typeof deleteAssetInput>;
