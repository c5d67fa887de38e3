import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { runAiCall } from "./call.js";
import { generateValidJson } from "./json.js";
import { generateAuditPlanInput, type AuditPlan } from "../models/ai.js";
import { AI_CALL_OPTIONS } from "./options.js";
import { auditPlanPrompt } from "./prompts/auditPlan.js";

/** `ai-generateAuditPlan`: `{ D0, ..., D8 }`, validated. */
export async function handleGenerateAuditPlan(ctx: CallContext<z.output<typeof generateAuditPlanInput>>): Promise<AuditPlan> {
  const prompt = auditPlanPrompt;
  const { result } = await runAiCall(
    { uid: ctx.uid, token: ctx.token, operation: "generateAuditPlan", data: ctx.data, baseCost: 1 },
    (call) =>
      generateValidJson(
        call,
        {
          prompt: prompt.build({ campaignObjective: ctx.data.campaignObjective }),
          systemInstruction: prompt.systemInstruction,
          schemaName: prompt.id,
        },
        prompt.schema,
      ),
  );
  return result;
}

export const generateAuditPlan = validatedOnCall("ai-generateAuditPlan", generateAuditPlanInput, handleGenerateAuditPlan, AI_CALL_OPTIONS);
