import { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { runAiCall } from "./call.js";
import { generateValidJson } from "./json.js";
import { AI_CALL_OPTIONS, requestIdField } from "./options.js";
import { auditPlanPrompt, type AuditPlan } from "./prompts/auditPlan.js";

export const generateAuditPlanInput = z
  .object({ campaignObjective: z.string().trim().min(1, "must not be empty").max(10_000), requestId: requestIdField })
  .strict();

/** `ai-generateAuditPlan`: `{ D0, ..., D8 }`, validated. */
export async function handleGenerateAuditPlan(ctx: CallContext<z.output<typeof generateAuditPlanInput>>): Promise<AuditPlan> {
  const prompt = auditPlanPrompt;
  const { result } = await runAiCall({ uid: ctx.uid, token: ctx.token, operation: "generateAuditPlan", data: ctx.data, baseCost: 1 }, (call) =>
    generateValidJson(
      call,
      { prompt: prompt.build({ campaignObjective: ctx.data.campaignObjective }), systemInstruction: prompt.systemInstruction, schemaName: prompt.id },
      prompt.schema,
    ),
  );
  return result;
}

export const generateAuditPlan = validatedOnCall("ai-generateAuditPlan", generateAuditPlanInput, handleGenerateAuditPlan, AI_CALL_OPTIONS);
