import type { GoogleGenAI } from "@google/genai";
import { abortError } from "./errors.js";
import type { AiProvider, GroundingChunk, ImageRequest, JsonRequest, ProviderConnection, TextRequest, TextResult } from "./types.js";

/** Gemini through @google/genai (imported on first use). SDK retries are off: the client retries with its requestId. */
export class GeminiProvider implements AiProvider {
  readonly id;
  private client: Promise<GoogleGenAI> | null = null;

  constructor(private readonly connection: ProviderConnection) {
    this.id = connection.id;
  }

  private sdk(): Promise<GoogleGenAI> {
    this.client ??= import("@google/genai").then(
      ({ GoogleGenAI }) =>
        new GoogleGenAI({
          apiKey: this.connection.apiKey,
          httpOptions: {
            ...(this.connection.baseURL && { baseUrl: this.connection.baseURL }),
            ...(this.connection.fetch && { fetch: this.connection.fetch }),
          },
        }),
    );
    return this.client;
  }

  async generateText(request: TextRequest): Promise<TextResult> {
    const ai = await this.sdk();
    const response = await ai.models.generateContent({
      model: request.model,
      contents: request.prompt,
      config: {
        ...(request.systemInstruction && { systemInstruction: request.systemInstruction }),
        ...(request.useGoogleSearch && { tools: [{ googleSearch: {} }] }),
        ...(request.maxOutputTokens && { maxOutputTokens: request.maxOutputTokens }),
        abortSignal: request.signal,
      },
    });
    const chunks = response.candidates?.[0]?.groundingMetadata?.groundingChunks;
    return {
      text: response.text ?? "",
      ...(request.useGoogleSearch && {
        groundingChunks: (chunks ?? []).map((chunk) => JSON.parse(JSON.stringify(chunk)) as GroundingChunk),
      }),
    };
  }

  async generateJson(request: JsonRequest): Promise<string> {
    const ai = await this.sdk();
    const response = await ai.models.generateContent({
      model: request.model,
      contents: request.prompt,
      config: {
        responseMimeType: "application/json",
        ...(request.systemInstruction && { systemInstruction: request.systemInstruction }),
        ...(request.maxOutputTokens && { maxOutputTokens: request.maxOutputTokens }),
        abortSignal: request.signal,
      },
    });
    return response.text ?? "";
  }

  /**
   * Gemini's image models answer through generateContent with inline image parts, one image a
   * call (this SDK serves Imagen's `predict` only on Vertex AI), so n images are n calls.
   */
  async generateImage(request: ImageRequest): Promise<string[]> {
    const ai = await this.sdk();
    const responses = await Promise.all(
      Array.from({ length: request.numberOfImages }, () =>
        ai.models.generateContent({
          model: request.model,
          contents: request.prompt,
          config: { responseModalities: ["IMAGE"], abortSignal: request.signal },
        }),
      ),
    );
    return responses.flatMap((response) =>
      (response.candidates?.[0]?.content?.parts ?? []).flatMap((part) => (part.inlineData?.data ? [part.inlineData.data] : [])).slice(0, 1),
    );
  }

  async streamText(request: TextRequest, onDelta: (delta: string) => void): Promise<string> {
    const ai = await this.sdk();
    const stream = await ai.models.generateContentStream({
      model: request.model,
      contents: request.prompt,
      config: {
        ...(request.systemInstruction && { systemInstruction: request.systemInstruction }),
        ...(request.maxOutputTokens && { maxOutputTokens: request.maxOutputTokens }),
        abortSignal: request.signal,
      },
    });
    let text = "";
    for await (const chunk of stream) {
      const delta = chunk.text ?? "";
      if (!delta) continue;
      text += delta;
      onDelta(delta);
    }
    if (request.signal.aborted) throw abortError();
    return text;
  }
}
