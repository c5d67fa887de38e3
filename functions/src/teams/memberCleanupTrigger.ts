import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { eventTooOld } from "../common/eventAge.js";
import { logWarn } from "../common/logs.js";
import { runMemberCleanup } from "./memberCleanup.js";

/**
 * Runs the cleanup a member's removal recorded (memberCleanup.ts). The callable that removed them
 * runs it at once too; whichever finishes first deletes the marker and the other finds nothing
 * owed. A cleanup still owed makes the event fail, so that it is retried; past the retry window
 * the reconciler retries it (the marker's `retryAt`).
 */
export const onMemberCleanupQueued = onDocumentCreated({ document: "memberCleanups/{cleanupId}", retry: true }, async (event) => {
  const { cleanupId } = event.params;
  if (eventTooOld(event.time)) {
    logWarn("teams.memberCleanupEventTooOld", { cleanupId, eventId: event.id, time: event.time });
    return;
  }
  if (!(await runMemberCleanup(cleanupId))) throw new Error(`Member cleanup ${cleanupId} still owed`);
});
