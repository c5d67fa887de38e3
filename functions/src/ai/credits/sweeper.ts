import { onSchedule } from "firebase-functions/v2/scheduler";
import { allAiRequests } from "../../common/collections.js";
import { logInfo } from "../../common/logs.js";
import { release, RESERVATION_STALE_MS } from "./ledger.js";

const PAGE_SIZE = 200;

/**
 * Releases reservations left by functions that died mid-call: `reserved` requests older than
 * the longest AI call may run. Each release is its own transaction that re-checks the age, so
 * a reservation taken over meanwhile is left alone.
 * @returns how many reservations were released.
 */
export async function sweepReservations(now = Date.now()): Promise<number> {
  const cutoff = now - RESERVATION_STALE_MS;
  let released = 0;
  for (;;) {
    const stale = await allAiRequests().where("status", "==", "reserved").where("createdAt", "<", new Date(cutoff)).limit(PAGE_SIZE).get();
    const results = await Promise.all(
      stale.docs.map((doc) => {
        const uid = doc.ref.parent.parent?.id;
        return uid ? release(uid, doc.id, { createdBefore: cutoff }) : Promise.resolve(false);
      }),
    );
    const releasedNow = results.filter(Boolean).length;
    released += releasedNow;
    if (stale.size < PAGE_SIZE || releasedNow === 0) break;
  }
  logInfo("ai.reservationsSwept", { released });
  return released;
}

export const sweepReservationsSchedule = onSchedule({ schedule: "every 5 minutes", timeZone: "UTC" }, async () => {
  await sweepReservations();
});
