import * as v1 from "firebase-functions/v1";
import { InjectedFault, injectFault } from "../common/faults.js";
import { logWarn } from "../common/logs.js";
import { createMissingProfile } from "./createProfile.js";
import { deleteUserData, recordUserDeletion } from "./deleteUserData.js";

// Firebase Auth's create/delete events exist only as 1st-gen triggers; 2nd gen offers only
// blocking functions, which run before the user exists and need Identity Platform.

/**
 * Events older than this are not worked on again: a failed trigger is retried (failurePolicy)
 * for up to this long, then the repair paths take over (the frontend's `identity-ensureProfile`
 * for a sign-up, the reconciler for a deletion).
 */
export const MAX_EVENT_AGE_MS = 60 * 60_000;

/** True when an event of `timestamp` (RFC 3339) is past the retry window. */
export function eventTooOld(timestamp: string, now = Date.now()): boolean {
  const at = Date.parse(timestamp);
  return Number.isFinite(at) && now - at > MAX_EVENT_AGE_MS;
}

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

/** Retried on failure: a transient error must not leave a user without a profile. */
const retried = v1.runWith({ failurePolicy: true, timeoutSeconds: 300 });

/** Sign-up: profile, personal team, owner membership and `general` channel. */
export const onUserCreated = retried.auth.user().onCreate(async (user, context) => {
  if (eventTooOld(context.timestamp)) {
    logWarn("identity.signUpEventTooOld", { uid: user.uid, eventId: context.eventId, timestamp: context.timestamp });
    return;
  }
  await createMissingProfile({ uid: user.uid, email: user.email, displayName: user.displayName });
});

/**
 * Account deletion: every domain's data of the user, then the profile. A step that fails makes
 * the event fail, so that it is retried; past the retry window the reconciler finishes it.
 */
export const onUserDeleted = retried.auth.user().onDelete(async (user, context) => {
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
