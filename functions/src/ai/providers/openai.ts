import type { AiProvider, ImageRequest, JsonRequest, ProviderConnection, TextRequest, TextResult } from "./types.js";

type Message = { role: "system" | "user"; content: string };

function messages(prompt: string, systemInstruction?: string): Message[] {
  return [...(systemInstruction ? [{ role: "system" as const, content: systemInstruction }] : []), { role: "user", content: prompt }];
}

async function createClient({ apiKey, baseURL }: ProviderConnection) {
  const { default: OpenAI } = await import("openai");
  return new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: 110_000 });
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
      { model: request.model, messages: messages(request.prompt, request.systemInstruction) },
      { signal: request.signal },
    );
    return { text: completion.choices[0]?.message?.content ?? "" };
  }

  async generateJson(request: JsonRequest): Promise<string> {
    const client = await this.sdk();
    // JSON mode requires the word "JSON" in the messages.
    const system = `${request.systemInstruction ? `${request.systemInstruction}\n\n` : ""}Answer with one JSON value only.`;
    const completion = await client.chat.completions.create({
      model: request.model,
      messages: messages(request.prompt, system),
      response_format: { type: "json_object" },
    });
    return completion.choices[0]?.message?.content ?? "";
  }

  async generateImage(request: ImageRequest): Promise<string[]> {
    const client = await this.sdk();
    const response = await client.images.generate({
      model: request.model,
      prompt: request.prompt,
      n: request.numberOfImages,
      // gpt-image-* always answers in base64 and refuses the parameter; DALL·E needs it.
      ...(request.model.startsWith("dall-e") && { response_format: "b64_json" as const }),
    });
    return (response.data ?? []).flatMap((image) => (image.b64_json ? [image.b64_json] : []));
  }

  async streamText(request: TextRequest, onDelta: (delta: string) => void): Promise<string> {
    const client = await this.sdk();
    const stream = await client.chat.completions.create(
      { model: request.model, messages: messages(request.prompt, request.systemInstruction), stream: true },
      { signal: request.signal },
    );
    let text = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content ?? "";
      if (!delta) continue;
      text += delta;
      onDelta(delta);
    }
    return text;
  }
}
