import { onTaskDispatched } from "firebase-functions/v2/tasks";
import { DELETION_TASK_OPTIONS } from "../common/deletion.js";
import { handleTeamDeletionTask } from "./deleteTeam.js";

/**
 * One page of a team deletion (queue settings: DELETION_TASK_OPTIONS). Apart from the job in
 * deleteTeam.ts so that account deletion and the reconciler, which run the job's first page,
 * do not load the task provider.
 */
export const deleteTeamPageTask = onTaskDispatched(DELETION_TASK_OPTIONS, async (request) => {
  await handleTeamDeletionTask(request.data, request.retryCount);
});
