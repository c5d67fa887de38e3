import { FieldPath, FieldValue, type DocumentData } from "firebase-admin/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { aiUsageRef, users } from "../../common/collections.js";
import { db } from "../../common/firebase.js";
import { logInfo } from "../../common/logs.js";
import { getRoleLimits, limitForRole } from "../../identity/roles.js";
import { periodOf } from "./period.js";

const PAGE_SIZE = 500;
/** Firestore's ALREADY_EXISTS: the user already has this month's usage (they used AI since midnight). */
const ALREADY_EXISTS = 6;

/**
 * Starts month `period` for every user: writes `users/{uid}/usage/{period}` as
 * `{ used: 0, limit, period }` with the limit of their role, in pages of users through a
 * BulkWriter. Usage is keyed by month, so this only makes the new month visible at once: a
 * document that already exists (the user called AI before the run) is left alone, which makes
 * the run idempotent and safe when late.
 * @returns how many usage documents were created.
 */
export async function resetMonthlyUsage(period: string): Promise<number> {
  const limits = await getRoleLimits();
  const writer = db().bulkWriter();
  writer.onWriteError((error) => error.code !== ALREADY_EXISTS && error.failedAttempts < 5);
  let created = 0;
  const failures: unknown[] = [];
  let cursor: string | null = null;
  for (;;) {
    let page = users().withConverter(null).orderBy(FieldPath.documentId()).limit(PAGE_SIZE);
    if (cursor) page = page.startAfter(cursor);
    const snapshot = await page.get();
    for (const user of snapshot.docs) {
      const usage: DocumentData = { used: 0, limit: limitForRole(limits, String(user.get("role") ?? "free")), period, updatedAt: FieldValue.serverTimestamp() };
      writer.create(aiUsageRef(user.id, period).withConverter(null), usage).then(
        () => (created += 1),
        (error: { code?: number }) => {
          if (error.code !== ALREADY_EXISTS) failures.push(error);
        },
      );
    }
    await writer.flush();
    if (snapshot.size < PAGE_SIZE) break;
    cursor = snapshot.docs[snapshot.docs.length - 1].id;
  }
  await writer.close();
  if (failures.length) throw new Error(`Monthly usage reset for ${period}: ${failures.length} writes failed.`);
  logInfo("ai.monthlyUsageReset", { period, created });
  return created;
}

/** 00:00 UTC on the 1st of each month. */
export const resetMonthlyUsageSchedule = onSchedule({ schedule: "0 0 1 * *", timeZone: "UTC" }, async (event) => {
  const at = event.scheduleTime ? new Date(event.scheduleTime) : new Date();
  await resetMonthlyUsage(periodOf(Number.isNaN(at.getTime()) ? new Date() : at));
});
