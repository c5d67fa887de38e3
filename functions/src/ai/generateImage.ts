import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { DomainError, failedPrecondition } from "../common/errors.js";
import { runAiCall } from "./call.js";
import { generateImageInput, type GenerateImageResponse } from "../models/ai.js";
import { AI_CALL_OPTIONS } from "./options.js";

/** `ai-generateImage`: `{ images }` in base64; one credit per image returned (docs/ai.md, "Cost"). */
export async function handleGenerateImage(ctx: CallContext<z.output<typeof generateImageInput>>): Promise<GenerateImageResponse> {
  const numberOfImages = ctx.data.numberOfImages ?? 1;
  const { result } = await runAiCall(
    {
      uid: ctx.uid,
      token: ctx.token,
      operation: "generateImage",
      data: { ...ctx.data, numberOfImages },
      baseCost: numberOfImages,
      modality: "image",
    },
    async ({ resolved: { provider, model }, signal, credits }) => {
      if (!model)
        throw failedPrecondition(`${provider.id} has no image model configured.`, { reason: "ai-no-image-model", providerId: provider.id });
      const images = (await provider.generateImage({ model, prompt: ctx.data.prompt, numberOfImages, signal })).slice(0, numberOfImages);
      if (images.length === 0) {
        throw new DomainError("invalid-argument", `${provider.id} returned no image; the prompt may have been blocked.`, {
          reason: "ai-no-image",
        });
      }
      // Each image costs its share of the reservation (1 credit, more for a long prompt on the platform key).
      return { result: { images }, cost: (credits / numberOfImages) * images.length };
    },
  );
  return result;
}

export const generateImage = validatedOnCall("ai-generateImage", generateImageInput, handleGenerateImage, AI_CALL_OPTIONS);
