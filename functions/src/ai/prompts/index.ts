import { auditPlanPrompt } from "./auditPlan.js";
import { feedbackSimulationPrompt } from "./feedbackSimulation.js";

/** Each JSON prompt's example answer by id: what the offline Mock provider returns. */
export const MOCK_JSON_EXAMPLES: Record<string, unknown> = {
  [feedbackSimulationPrompt.id]: feedbackSimulationPrompt.example,
  [auditPlanPrompt.id]: auditPlanPrompt.example,
};
