import { deleteStoragePage, type DeletionPage } from "../common/deletion.js";
import { bucket } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { teamFolder, userFolder } from "./paths.js";

/**
 * One page of a team deletion (teams/deleteTeam.ts): up to `budget` Storage files under
 * `teams/{teamId}/` (library files, chat attachments). The library records go with the team's
 * tree. Idempotent.
 */
export async function deleteTeamFilesPage(teamId: string, budget: number): Promise<DeletionPage> {
  const page = await deleteStoragePage(teamFolder(teamId), budget);
  if (page.deleted) logInfo("library.teamFilesDeleted", { teamId, files: page.deleted });
  return page;
}

/** Account deletion (USER_CLEANUP_STEPS): the user's own files under `users/{uid}/`. Idempotent. */
export async function deleteUserFiles(uid: string): Promise<void> {
  await bucket().deleteFiles({ prefix: userFolder(uid), force: true });
  logInfo("library.userFilesDeleted", { uid });
}
