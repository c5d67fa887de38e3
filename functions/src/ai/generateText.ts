import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { runAiCall } from "./call.js";
import { generateTextInput, type TextResult } from "../models/ai.js";
import { AI_CALL_OPTIONS } from "./options.js";

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
