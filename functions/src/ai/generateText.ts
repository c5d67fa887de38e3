import { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { runAiCall } from "./call.js";
import { AI_CALL_OPTIONS, promptField, requestIdField, systemInstructionField } from "./options.js";
import type { TextResult } from "./providers/types.js";

export const generateTextInput = z
  .object({ prompt: promptField, systemInstruction: systemInstructionField, useGoogleSearch: z.boolean().optional(), requestId: requestIdField })
  .strict();

/** `ai-generateText`: `{ text, groundingChunks? }` (grounding with Google Search on Gemini). */
export async function handleGenerateText(ctx: CallContext<z.output<typeof generateTextInput>>): Promise<TextResult> {
  const { result } = await runAiCall(
    { uid: ctx.uid, token: ctx.token, operation: "generateText", data: ctx.data, baseCost: 1 },
    async ({ resolved: { provider, model }, signal, maxOutputTokens }) => ({
      result: await provider.generateText({
        model: model ?? "",
        prompt: ctx.data.prompt,
        systemInstruction: ctx.data.systemInstruction,
        useGoogleSearch: ctx.data.useGoogleSearch,
        signal,
        maxOutputTokens,
      }),
    }),
  );
  return result;
}

export const generateText = validatedOnCall("ai-generateText", generateTextInput, handleGenerateText, AI_CALL_OPTIONS);
