import { onTaskDispatched } from "firebase-functions/v2/tasks";
import { DELETION_TASK_OPTIONS } from "../common/deletion.js";
import { handleChannelDeletionTask } from "./deleteChannel.js";

/**
 * One page of a channel deletion (queue settings: DELETION_TASK_OPTIONS). Apart from the job in
 * deleteChannel.ts so that the delete trigger, which runs the first page, does not load the task
 * provider.
 */
export const deleteChannelPageTask = onTaskDispatched(DELETION_TASK_OPTIONS, async (request) => {
  await handleChannelDeletionTask(request.data, request.retryCount);
});
