import * as v1 from "firebase-functions/v1";

// Firebase Auth's create/delete events exist only as 1st-gen triggers; 2nd gen offers only
// blocking functions, which run before the user exists and need Identity Platform. The two
// triggers live in two modules (signUpTrigger.ts, deletionTrigger.ts), so that a sign-up
// instance does not load account deletion and every domain's cleanup step.

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

/** Retried on failure: a transient error must not leave a user without a profile. */
export const retried = v1.runWith({ failurePolicy: true, timeoutSeconds: 300 });
