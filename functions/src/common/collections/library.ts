/** Collections of the library (docs/library.md); shapes in `models/library.ts`. */
import { countedObjectSchema, libraryAssetSchema, teamStorageUsageSchema, tokenRotationSchema } from "../../models/library.js";
import { typedCollection, typedDoc } from "./typed.js";

/** `teams/{teamId}/libraryAssets/{assetId}`: members read; only functions write. */
export const libraryAssets = (teamId: string) => typedCollection(`teams/${teamId}/libraryAssets`, libraryAssetSchema);
export const libraryAssetRef = (teamId: string, assetId: string) => libraryAssets(teamId).doc(assetId);

/** `teams/{teamId}/usage/storage`: the team's Storage byte counter and quota; members read, clients never write. */
export const teamStorageUsageRef = (teamId: string) => typedDoc(`teams/${teamId}/usage/storage`, teamStorageUsageSchema);

/** `teams/{teamId}/storageObjects/{sha256(objectName)}` (server only). */
export const countedObjectRef = (teamId: string, id: string) =>
  typedCollection(`teams/${teamId}/storageObjects`, countedObjectSchema).doc(id);

/** `teams/{teamId}/tokenRotations/{jobId}` (server only). */
export const tokenRotationRef = (teamId: string, jobId: string) =>
  typedCollection(`teams/${teamId}/tokenRotations`, tokenRotationSchema).doc(jobId);
