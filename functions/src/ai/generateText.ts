import { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { runAiCall } from "./call.js";
import { generateTextInput, type TextResult } from "../models/ai.js";
import { AI_CALL_OPTIONS } from "./options.js";

/** `ai-generateText`: `{ text, groundingChunks? }` (grounding with Google Search on Gemini). */
export async function handleGenerateText(ctx: CallContext<z.output<typeof generateTextInput>>): Promise<TextResult> {
  const { result } = await runAiCall({ uid: ctx.uid, operation: "generateText", data: ctx.data, cost: 1 }, async ({ provider, textModel }) => ({
    result: await provider.generateText({
      model: textModel,
      prompt: ctx.data.prompt,
      systemInstruction: ctx.data.systemInstruction,
      useGoogleSearch: ctx.data.useGoogleSearch,
    }),
  }));
  return result;
}

export const generateText = validatedOnCall("ai-generateText", generateTextInput, handleGenerateText, AI_CALL_OPTIONS);
