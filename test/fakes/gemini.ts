/**
 * A local fake of the Gemini API (generativelanguage.googleapis.com, v1beta) speaking the
 * REST and SSE wire format @google/genai expects: `models/{model}:generateContent` (text,
 * JSON mode, Google Search grounding, and inline images when `responseModalities` asks for
 * IMAGE), `:streamGenerateContent?alt=sse` and Imagen's `:predict`. Tests point the functions
 * at it through `config/emulator.geminiBaseUrl`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeAiProvider } from "./aiProvider.js";
import { readJson, sendJson, streamEvents } from "./server.js";

export interface GeminiCall {
  method: "generateContent" | "streamGenerateContent" | "predict";
  model: string;
  apiKey: string | null;
  body: Record<string, unknown>;
}

/** A valid 1×1 PNG, what the fake Imagen returns. */
export const FAKE_PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

export class FakeGemini extends FakeAiProvider<GeminiCall> {
  /** What a grounded (Google Search) answer cites. */
  groundingChunks = [{ web: { uri: "https://example.test/source", title: "Example source" } }];
  /** Only this key is accepted (x-goog-api-key); others get 403. */
  acceptedKey = "fake-gemini-key";

  constructor() {
    super("Gemini");
  }

  get url(): string {
    return this.server.origin;
  }

  count(method?: GeminiCall["method"]): number {
    return this.calls.filter((call) => !method || call.method === method).length;
  }

  private candidate(text: string, extra: Record<string, unknown> = {}) {
    return { content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0, ...extra };
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.trackDisconnect(res);
    const url = new URL(req.url ?? "/", "http://fake");
    const match = url.pathname.match(/^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent|predict)$/);
    if (req.method !== "POST" || !match)
      return sendJson(res, 404, { error: { code: 404, message: `No route ${req.method} ${url.pathname}`, status: "NOT_FOUND" } });
    const [, model, method] = match as unknown as [string, string, GeminiCall["method"]];
    const apiKey = (req.headers["x-goog-api-key"] as string | undefined) ?? url.searchParams.get("key");
    const body = await readJson(req);
    this.calls.push({ method, model, apiKey, body });
    await this.beforeAnswer();
    if (apiKey !== this.acceptedKey) {
      return sendJson(res, 403, { error: { code: 403, message: "API key not valid.", status: "PERMISSION_DENIED" } });
    }
    const failure = this.takeFailure();
    if (failure) return sendJson(res, failure.status, { error: { code: failure.status, message: failure.message, status: "INTERNAL" } });

    if (method === "predict") {
      const count = Number((body.parameters as { sampleCount?: number } | undefined)?.sampleCount ?? 1);
      return sendJson(res, 200, {
        predictions: Array.from({ length: count }, () => ({ bytesBase64Encoded: FAKE_PNG_BASE64, mimeType: "image/png" })),
      });
    }
    if (method === "streamGenerateContent") {
      if (url.searchParams.get("alt") !== "sse") return sendJson(res, 400, { error: { code: 400, message: "alt=sse expected" } });
      const events = this.streamChunks.map((text) => JSON.stringify({ candidates: [this.candidate(text)], modelVersion: model }));
      return streamEvents(res, events, this.chunkDelayMs, this, "\r\n\r\n");
    }
    const config = body.generationConfig as { responseMimeType?: string; responseModalities?: string[] } | undefined;
    if (config?.responseModalities?.includes("IMAGE")) {
      return sendJson(res, 200, {
        candidates: [
          {
            content: { role: "model", parts: [{ inlineData: { mimeType: "image/png", data: FAKE_PNG_BASE64 } }] },
            finishReason: "STOP",
            index: 0,
          },
        ],
        modelVersion: model,
      });
    }
    const grounded =
      Array.isArray(body.tools) && body.tools.some((tool) => typeof tool === "object" && tool !== null && "googleSearch" in tool);
    const text = config?.responseMimeType === "application/json" ? (this.jsonReplies.shift() ?? this.defaultJson) : this.text;
    return sendJson(res, 200, {
      candidates: [
        this.candidate(text, grounded ? { groundingMetadata: { groundingChunks: this.groundingChunks, webSearchQueries: ["fake"] } } : {}),
      ],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 },
      modelVersion: model,
    });
  }
}
