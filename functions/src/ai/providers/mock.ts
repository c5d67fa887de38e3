import { MOCK_JSON_EXAMPLES } from "../prompts/index.js";
import type { AiProvider, ImageRequest, JsonRequest, TextRequest, TextResult } from "./types.js";

/** A valid 1×1 PNG. */
export const MOCK_PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

const STREAM_CHUNK_DELAY_MS = 20;

/** The Mock's deterministic answer to `prompt`. */
export function mockText(prompt: string): string {
  return `Mock answer to: ${prompt.slice(0, 200)}`;
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
      },
      { once: true },
    );
  });
}

/** The offline provider of the emulator: no network, no key, the same answer every time. */
export class MockProvider implements AiProvider {
  readonly id = "Mock" as const;

  async generateText(request: TextRequest): Promise<TextResult> {
    return { text: mockText(request.prompt), ...(request.useGoogleSearch && { groundingChunks: [] }) };
  }

  async generateJson(request: JsonRequest): Promise<string> {
    const example = request.schemaName ? MOCK_JSON_EXAMPLES[request.schemaName] : undefined;
    return JSON.stringify(example ?? { answer: mockText(request.prompt) });
  }

  async generateImage(request: ImageRequest): Promise<string[]> {
    return Array.from({ length: request.numberOfImages }, () => MOCK_PNG_BASE64);
  }

  async streamText(request: TextRequest, onDelta: (delta: string) => void): Promise<string> {
    const words = mockText(request.prompt).split(/(?<= )/);
    for (const word of words) {
      await wait(STREAM_CHUNK_DELAY_MS, request.signal);
      onDelta(word);
    }
    return words.join("");
  }
}
