export { generateText } from "./generateText.js";
export { generateJson } from "./generateJson.js";
export { generateImage } from "./generateImage.js";
export { streamText } from "./streamText.js";
export { simulateFeedback } from "./simulateFeedback.js";
export { generateAuditPlan } from "./generateAuditPlan.js";
export { resetMonthlyUsageSchedule as resetMonthlyUsage, resetUsagePageTask as resetUsagePage } from "./credits/monthlyReset.js";
export { sweepReservationsSchedule as sweepReservations } from "./credits/sweeper.js";
