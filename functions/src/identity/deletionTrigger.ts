import { InjectedFault, injectFault } from "../common/faults.js";
import { logWarn } from "../common/logs.js";
import { eventTooOld } from "../common/eventAge.js";
import { retriedUser } from "./authEvents.js";
import { deleteUserData, recordUserDeletion } from "./deleteUserData.js";

/** True when an injected fault asks for this event to be dropped as if never delivered. */
async function injectedLoss(point: string): Promise<boolean> {
  try {
    await injectFault(point);
    return false;
  } catch (error) {
    if (error instanceof InjectedFault) return true;
    throw error;
  }
}

/**
 * Account deletion: every domain's data of the user, then the profile. A step that fails makes
 * the event fail, so that it is retried; past the retry window the reconciler finishes it.
 */
export const onUserDeleted = retriedUser.onDelete(async (user, context) => {
  // Emulator only: lets a test lose this event entirely (the ghost the reconciler removes).
  if (await injectedLoss("identity.onUserDeleted")) return;
  if (eventTooOld(context.timestamp)) {
    await recordUserDeletion(user.uid);
    logWarn("identity.deleteEventTooOld", { uid: user.uid, eventId: context.eventId, timestamp: context.timestamp });
    return;
  }
  const { pending } = await deleteUserData(user.uid);
  if (pending.length) throw new Error(`Cleanup steps pending for a deleted user: ${pending.join(", ")}`);
});
