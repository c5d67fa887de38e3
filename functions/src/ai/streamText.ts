import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { logWarn } from "../common/logs.js";
import { runAiCall } from "./call.js";
import { streamTextInput, type StreamTextChunk, type StreamTextResponse } from "../models/ai.js";
import { AI_STREAM_OPTIONS } from "./options.js";
import { abortError, isAbort } from "./providers/errors.js";

/**
 * `ai-streamText`: each chunk a text delta (`httpsCallable(...).stream()`), then `{ text }`.
 * When the client goes away, `response.signal` aborts the upstream request; so do the stream's
 * total and idle timeouts. An aborted stream is never an answer, whatever the provider's SDK does
 * on abort (the openai SDK's iterator just ends): one the client aborted after receiving text is
 * charged (the provider produced it) but its partial text is not kept for retries; one aborted
 * before any text, or by a timeout, is free.
 */
export async function handleStreamText(ctx: CallContext<z.output<typeof streamTextInput>, StreamTextChunk>): Promise<StreamTextResponse> {
  const response = ctx.response;
  const send = (delta: string) => {
    response?.sendChunk(delta).catch((error: unknown) => logWarn("ai.chunkNotSent", { message: String(error) }));
  };
  const { result, replayed } = await runAiCall(
    { uid: ctx.uid, token: ctx.token, operation: "streamText", data: ctx.data, baseCost: 1, stream: { clientSignal: response?.signal } },
    async ({ resolved: { provider, model }, signal, touch, maxOutputTokens }) => {
      let text = "";
      try {
        touch();
        const streamed = await provider.streamText(
          { model: model ?? "", prompt: ctx.data.prompt, systemInstruction: ctx.data.systemInstruction, signal, maxOutputTokens },
          (delta) => {
            touch();
            text += delta;
            send(delta);
          },
        );
        if (signal.aborted) throw abortError();
        return { result: { text: streamed } };
      } catch (error) {
        const clientLeft = response?.signal.aborted === true;
        if (isAbort(error) && clientLeft && text) return { result: { text }, keepResult: false };
        throw error;
      }
    },
  );
  if (replayed) send(result.text);
  return result;
}

export const streamText = validatedOnCall("ai-streamText", streamTextInput, handleStreamText, AI_STREAM_OPTIONS);
