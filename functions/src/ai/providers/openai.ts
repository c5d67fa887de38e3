import { abortError } from "./errors.js";
import type { AiProvider, ImageRequest, JsonRequest, ProviderConnection, TextRequest, TextResult } from "./types.js";

type Message = { role: "system" | "user"; content: string };

function messages(prompt: string, systemInstruction?: string): Message[] {
  return [...(systemInstruction ? [{ role: "system" as const, content: systemInstruction }] : []), { role: "user", content: prompt }];
}

/** The output cap in the request body, when there is one. */
function outputCap(request: { maxOutputTokens?: number }) {
  return request.maxOutputTokens ? { max_completion_tokens: request.maxOutputTokens } : {};
}

async function createClient({ apiKey, baseURL, fetch }: ProviderConnection) {
  const { default: OpenAI } = await import("openai");
  // Timeouts come from the call's deadline (its signal), not from the SDK.
  return new OpenAI({ apiKey, baseURL, maxRetries: 0, ...(fetch && { fetch }) });
}
type OpenAIClient = Awaited<ReturnType<typeof createClient>>;

/**
 * OpenAI, and every OpenAI-compatible provider reached through its `baseURL` (OpenRouter,
 * Groq, DeepSeek, Mistral, Ollama), through the `openai` SDK (imported on first use).
 */
export class OpenAiProvider implements AiProvider {
  readonly id;
  private client: Promise<OpenAIClient> | null = null;

  constructor(private readonly connection: ProviderConnection) {
    this.id = connection.id;
  }

  private sdk(): Promise<OpenAIClient> {
    this.client ??= createClient(this.connection);
    return this.client;
  }

  async generateText(request: TextRequest): Promise<TextResult> {
    const client = await this.sdk();
    const completion = await client.chat.completions.create(
      { model: request.model, messages: messages(request.prompt, request.systemInstruction), ...outputCap(request) },
      { signal: request.signal },
    );
    return { text: completion.choices[0]?.message?.content ?? "" };
  }

  async generateJson(request: JsonRequest): Promise<string> {
    const client = await this.sdk();
    // JSON mode requires the word "JSON" in the messages.
    const system = `${request.systemInstruction ? `${request.systemInstruction}\n\n` : ""}Answer with one JSON value only.`;
    const completion = await client.chat.completions.create(
      { model: request.model, messages: messages(request.prompt, system), response_format: { type: "json_object" }, ...outputCap(request) },
      { signal: request.signal },
    );
    return completion.choices[0]?.message?.content ?? "";
  }

  async generateImage(request: ImageRequest): Promise<string[]> {
    const client = await this.sdk();
    const response = await client.images.generate(
      {
        model: request.model,
        prompt: request.prompt,
        n: request.numberOfImages,
        // gpt-image-* always answers in base64 and refuses the parameter; DALL·E needs it.
        ...(request.model.startsWith("dall-e") && { response_format: "b64_json" as const }),
      },
      { signal: request.signal },
    );
    return (response.data ?? []).flatMap((image) => (image.b64_json ? [image.b64_json] : []));
  }

  /** The SDK's stream iterator ends quietly when its signal aborts: that end is an abort, not the answer. */
  async streamText(request: TextRequest, onDelta: (delta: string) => void): Promise<string> {
    const client = await this.sdk();
    const stream = await client.chat.completions.create(
      { model: request.model, messages: messages(request.prompt, request.systemInstruction), stream: true, ...outputCap(request) },
      { signal: request.signal },
    );
    let text = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content ?? "";
      if (!delta) continue;
      text += delta;
      onDelta(delta);
    }
    if (request.signal.aborted) throw abortError();
    return text;
  }
}
