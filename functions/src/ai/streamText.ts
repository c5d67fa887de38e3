import { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { logWarn } from "../common/logs.js";
import { runAiCall } from "./call.js";
import { streamTextInput, type StreamTextChunk, type StreamTextResponse } from "../models/ai.js";
import { AI_STREAM_OPTIONS } from "./options.js";
import { isAbort } from "./providers/errors.js";

/**
 * `ai-streamText`: each chunk a text delta (`httpsCallable(...).stream()`), then `{ text }`.
 * When the client goes away, `response.signal` aborts the upstream request. A stream the
 * client aborted after receiving text is charged (the provider produced it), but its partial
 * text is not kept for retries; one aborted before any text is free.
 */
export async function handleStreamText(ctx: CallContext<z.output<typeof streamTextInput>, StreamTextChunk>): Promise<StreamTextResponse> {
  const response = ctx.response;
  const send = (delta: string) => {
    response?.sendChunk(delta).catch((error: unknown) => logWarn("ai.chunkNotSent", { message: String(error) }));
  };
  const { result, replayed } = await runAiCall({ uid: ctx.uid, operation: "streamText", data: ctx.data, cost: 1 }, async ({ provider, textModel }) => {
    let text = "";
    try {
      text = await provider.streamText(
        { model: textModel, prompt: ctx.data.prompt, systemInstruction: ctx.data.systemInstruction, signal: response?.signal },
        (delta) => {
          text += delta;
          send(delta);
        },
      );
      return { result: { text } };
    } catch (error) {
      if (isAbort(error) && response?.signal.aborted && text) return { result: { text }, keepResult: false };
      throw error;
    }
  });
  if (replayed) send(result.text);
  return result;
}

export const streamText = validatedOnCall("ai-streamText", streamTextInput, handleStreamText, AI_STREAM_OPTIONS);
