/**
 * Retried events (a 1st-gen Auth trigger's `failurePolicy`, a Firestore trigger's `retry`) are
 * redelivered for days. The triggers that record their work for a repair path stop retrying an
 * event past this age and leave the rest to that path: `identity-ensureProfile` for a sign-up,
 * the reconciler for an account deletion or a member cleanup.
 */
export const MAX_EVENT_AGE_MS = 60 * 60_000;

/** True when an event of `timestamp` (RFC 3339) is past the retry window. */
export function eventTooOld(timestamp: string, now = Date.now()): boolean {
  const at = Date.parse(timestamp);
  return Number.isFinite(at) && now - at > MAX_EVENT_AGE_MS;
}
