import { libraryAssetRef } from "../common/collections/library.js";
import { memberRef } from "../common/collections/teams.js";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { notFound, permissionDenied } from "../common/errors.js";
import { bucket } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { deleteAssetInput, type DeleteAssetInput } from "../models/library.js";
import { assetFolder } from "./paths.js";

/**
 * Deletes a library asset: its file(s) in Storage first, then its record, so that a record
 * never points at nothing for long. A missing file still removes the record; with neither
 * a file nor a record the asset is `not-found`. Members of the team only.
 */
export async function handleDeleteAsset({ uid, data }: CallContext<DeleteAssetInput>): Promise<Record<string, never>> {
  const { teamId, assetId } = data;
  const membership = await memberRef(teamId, uid).get();
  if (!membership.exists) throw permissionDenied("Only members of this team can delete its library assets.");

  const record = libraryAssetRef(teamId, assetId);
  const [files] = await bucket().getFiles({ prefix: assetFolder(teamId, assetId) });
  const hadRecord = (await record.get()).exists;
  if (!files.length && !hadRecord) throw notFound("Library asset");

  await Promise.all(files.map((file) => file.delete({ ignoreNotFound: true })));
  await record.delete();
  logInfo("library.assetDeleted", { teamId, assetId, uid, files: files.length });
  return {};
}

export const deleteAsset = validatedOnCall("library-deleteAsset", deleteAssetInput, handleDeleteAsset);
