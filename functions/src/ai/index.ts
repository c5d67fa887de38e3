import { lazyGroup } from "../common/lazyGroup.js";
import type * as generateTextModule from "./generateText.js";
import type * as generateJsonModule from "./generateJson.js";
import type * as generateImageModule from "./generateImage.js";
import type * as streamTextModule from "./streamText.js";
import type * as simulateFeedbackModule from "./simulateFeedback.js";
import type * as generateAuditPlanModule from "./generateAuditPlan.js";
import type * as monthlyResetScheduleModule from "./credits/monthlyResetSchedule.js";
import type * as resetUsagePageTaskModule from "./credits/resetUsagePageTask.js";
import type * as sweeperModule from "./credits/sweeper.js";

/** The `ai-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const ai = lazyGroup({
  generateText: () => (require("./generateText.js") as typeof generateTextModule).generateText,
  generateJson: () => (require("./generateJson.js") as typeof generateJsonModule).generateJson,
  generateImage: () => (require("./generateImage.js") as typeof generateImageModule).generateImage,
  streamText: () => (require("./streamText.js") as typeof streamTextModule).streamText,
  simulateFeedback: () => (require("./simulateFeedback.js") as typeof simulateFeedbackModule).simulateFeedback,
  generateAuditPlan: () => (require("./generateAuditPlan.js") as typeof generateAuditPlanModule).generateAuditPlan,
  resetMonthlyUsage: () => (require("./credits/monthlyResetSchedule.js") as typeof monthlyResetScheduleModule).resetMonthlyUsageSchedule,
  resetUsagePage: () => (require("./credits/resetUsagePageTask.js") as typeof resetUsagePageTaskModule).resetUsagePageTask,
  sweepReservations: () => (require("./credits/sweeper.js") as typeof sweeperModule).sweepReservationsSchedule,
});
