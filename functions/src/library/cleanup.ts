import { bucket } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { teamFolder, userFolder } from "./paths.js";

/**
 * Team deletion (TEAM_CLEANUP_STEPS): every Storage file under `teams/{teamId}/` (library
 * files, chat attachments). The library records go with the team's recursive delete.
 * Idempotent.
 */
export async function deleteTeamFiles(teamId: string): Promise<void> {
  await bucket().deleteFiles({ prefix: teamFolder(teamId), force: true });
  logInfo("library.teamFilesDeleted", { teamId });
}

/** Account deletion (USER_CLEANUP_STEPS): the user's own files under `users/{uid}/`. Idempotent. */
export async function deleteUserFiles(uid: string): Promise<void> {
  await bucket().deleteFiles({ prefix: userFolder(uid), force: true });
  logInfo("library.userFilesDeleted", { uid });
}
