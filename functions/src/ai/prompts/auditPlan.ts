import { AUDIT_PLAN_STEPS as STEPS, auditPlanSchema, type AuditPlan } from "../../models/ai.js";
import type { JsonPrompt } from "./types.js";

export const auditPlanPrompt: JsonPrompt<{ campaignObjective: string }, AuditPlan> = {
  id: "audit-plan",
  version: 1,
  systemInstruction:
    "You are a campaign strategist. You write a nine-step audit plan (D0 to D8) for a social media " +
    "influence campaign, each step a short, actionable paragraph. Answer only with JSON.",
  build: ({ campaignObjective }) => `Campaign objective:
"""
${campaignObjective}
"""

Write the audit plan as a JSON object with exactly the keys "D0" to "D8", each a string:
D0 objective and success measures, D1 audience and personas, D2 current perception,
D3 key messages, D4 channels and formats, D5 content calendar, D6 risks and ethics review,
D7 measurement and feedback loop, D8 follow-up and iteration.`,
  schema: auditPlanSchema,
  example: Object.fromEntries(STEPS.map((key, index) => [key, `Step ${index}: mock audit step for ${key}.`])) as AuditPlan,
};
