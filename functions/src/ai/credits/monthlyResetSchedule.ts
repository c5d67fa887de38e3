import { onSchedule } from "firebase-functions/v2/scheduler";
import { startMonthlyUsageReset } from "./monthlyReset.js";
import { periodOf } from "./period.js";

/** 00:00 UTC on the 1st of each month: fans the month's usage documents out over the task queue. */
export const resetMonthlyUsageSchedule = onSchedule({ schedule: "0 0 1 * *", timeZone: "UTC", retryCount: 3 }, async (event) => {
  const scheduled = event.scheduleTime ? new Date(event.scheduleTime) : new Date();
  const at = Number.isNaN(scheduled.getTime()) ? new Date() : scheduled;
  await startMonthlyUsageReset(periodOf(at), at.toISOString());
});
