/**
 * A local fake of the OpenAI API speaking the wire format the `openai` SDK expects:
 * `POST /v1/chat/completions` (JSON, JSON mode, and SSE streaming ending in `[DONE]`) and
 * `POST /v1/images/generations`. Also stands in for OpenAI-compatible providers (its `url`
 * as their baseURL). Tests point the functions at it through `config/emulator.openaiBaseUrl`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { FAKE_PNG_BASE64 } from "./gemini.js";
import { FakeAiProvider } from "./aiProvider.js";
import { readJson, sendJson, streamEvents } from "./server.js";

export interface OpenAiCall {
  endpoint: "chat/completions" | "images/generations";
  apiKey: string | null;
  body: Record<string, unknown>;
}

export class FakeOpenAi extends FakeAiProvider<OpenAiCall> {
  acceptedKey = "fake-openai-key";

  constructor() {
    super("OpenAI");
  }

  /** The SDK's baseURL: `http://127.0.0.1:<port>/v1`. */
  get url(): string {
    return `${this.server.origin}/v1`;
  }

  count(endpoint?: OpenAiCall["endpoint"]): number {
    return this.calls.filter((call) => !endpoint || call.endpoint === endpoint).length;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.trackDisconnect(res);
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const endpoint = path === "/v1/chat/completions" ? "chat/completions" : path === "/v1/images/generations" ? "images/generations" : null;
    if (req.method !== "POST" || !endpoint)
      return sendJson(res, 404, { error: { message: `No route ${req.method} ${path}`, type: "invalid_request_error" } });
    const apiKey = req.headers.authorization?.replace(/^Bearer /, "") ?? null;
    const body = await readJson(req);
    this.calls.push({ endpoint, apiKey, body });
    await this.beforeAnswer();
    if (apiKey !== this.acceptedKey) {
      return sendJson(res, 401, {
        error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
      });
    }
    const failure = this.takeFailure();
    if (failure) return sendJson(res, failure.status, { error: { message: failure.message, type: "server_error" } });

    const created = Math.floor(Date.now() / 1000);
    if (endpoint === "images/generations") {
      const n = Number(body.n ?? 1);
      return sendJson(res, 200, { created, data: Array.from({ length: n }, () => ({ b64_json: FAKE_PNG_BASE64 })) });
    }
    const model = String(body.model);
    if (body.stream === true) {
      const chunk = (delta: Record<string, unknown>, finish: string | null) =>
        JSON.stringify({
          id: "chatcmpl-fake",
          object: "chat.completion.chunk",
          created,
          model,
          choices: [{ index: 0, delta, finish_reason: finish }],
        });
      const events = [
        chunk({ role: "assistant", content: "" }, null),
        ...this.streamChunks.map((content) => chunk({ content }, null)),
        chunk({}, "stop"),
        "[DONE]",
      ];
      return streamEvents(res, events, this.chunkDelayMs, this);
    }
    const jsonMode = (body.response_format as { type?: string } | undefined)?.type === "json_object";
    const content = jsonMode ? (this.jsonReplies.shift() ?? this.defaultJson) : this.text;
    return sendJson(res, 200, {
      id: "chatcmpl-fake",
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
  }
}
