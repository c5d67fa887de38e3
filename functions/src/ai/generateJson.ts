import { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { runAiCall } from "./call.js";
import { generateValidJson } from "./json.js";
import { generateJsonInput, type GenerateJsonResponse } from "../models/ai.js";
import { AI_CALL_OPTIONS } from "./options.js";

const anyJson = z.json();

/** `ai-generateJson`: `{ data }`, the model's answer in JSON mode, parsed. */
export async function handleGenerateJson(ctx: CallContext<z.output<typeof generateJsonInput>>): Promise<GenerateJsonResponse> {
  const { result } = await runAiCall(
    { uid: ctx.uid, token: ctx.token, operation: "generateJson", data: ctx.data, baseCost: 1 },
    async (call) => {
      const outcome = await generateValidJson(call, { prompt: ctx.data.prompt, systemInstruction: ctx.data.systemInstruction }, anyJson);
      return { ...outcome, result: { data: outcome.result } };
    },
  );
  return result;
}

export const generateJson = validatedOnCall("ai-generateJson", generateJsonInput, handleGenerateJson, AI_CALL_OPTIONS);
