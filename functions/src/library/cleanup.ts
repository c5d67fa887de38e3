import { bucket } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import type { UserCleanupStep } from "../identity/deleteUserData.js";
import type { TeamCleanupStep } from "../teams/deleteTeam.js";
import { teamFolder, userFolder } from "./paths.js";

async function deleteFolder(prefix: string): Promise<void> {
  await bucket().deleteFiles({ prefix, force: true });
}

/**
 * Team deletion: every Storage file under `teams/{teamId}/` (library files, chat
 * attachments). The library records go with the team document's recursive delete.
 */
export const deleteTeamFiles: TeamCleanupStep = {
  name: "library.teamFiles",
  run: async (teamId) => {
    await deleteFolder(teamFolder(teamId));
    logInfo("library.teamFilesDeleted", { teamId });
  },
};

/** Account deletion: the user's own files (`users/{uid}/`, the avatar). */
export const deleteUserFiles: UserCleanupStep = {
  name: "library.userFiles",
  run: async (uid) => {
    await deleteFolder(userFolder(uid));
    logInfo("library.userFilesDeleted", { uid });
  },
};
