import type { QueryDocumentSnapshot } from "firebase-admin/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { allAiUsage } from "../../common/collections/ai.js";
import { logInfo } from "../../common/logs.js";
import { minuteOf, releaseStale, RESERVATION_STALE_MS, SWEEP_SHARDS } from "./ledger.js";

const PAGE_SIZE = 200;

/**
 * Releases reservations left by functions that died mid-call: entries of the usage documents'
 * `inFlight` maps older than the longest AI call may run. A usage document carries a `sweepKey`
 * (`<shard>/<minute>`) while calls run, naming the minute its oldest call turns stale; the
 * sweeper asks each shard for keys up to the current minute (docs/scale.md, "the hot index").
 * Each document is released on its own guarded write that re-checks the age.
 * @returns how many reservations were released.
 */
export async function sweepReservations(now = Date.now()): Promise<number> {
  const cutoff = now - RESERVATION_STALE_MS;
  const minute = minuteOf(new Date(now));
  let released = 0;
  for (let shard = 0; shard < SWEEP_SHARDS; shard++) {
    const due = allAiUsage()
      .where("sweepKey", ">=", `${shard}/`)
      .where("sweepKey", "<=", `${shard}/${minute}`)
      .orderBy("sweepKey")
      .limit(PAGE_SIZE);
    let after: QueryDocumentSnapshot | undefined;
    for (;;) {
      const page = await (after ? due.startAfter(after) : due).get();
      const counts = await Promise.all(page.docs.map((doc) => releaseStale(doc.ref, cutoff)));
      released += counts.reduce((sum, n) => sum + n, 0);
      if (page.size < PAGE_SIZE) break;
      after = page.docs[page.docs.length - 1];
    }
  }
  logInfo("ai.reservationsSwept", { released });
  return released;
}

export const sweepReservationsSchedule = onSchedule({ schedule: "every 5 minutes", timeZone: "UTC" }, async () => {
  await sweepReservations();
});
