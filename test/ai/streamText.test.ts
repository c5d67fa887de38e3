import { expect } from "chai";
import { streamText, type StreamTextRequest } from "../../client/src/index.js";
import type { StreamTextResponse } from "../../functions/src/models/ai.js";
import type { Client } from "../helpers/clients.js";
import { usageOf, useProvider, useAiFakes } from "./support.js";
import { signUpVerified } from "../helpers/clients.js";

type Event = { kind: "chunk"; value: string } | { kind: "final"; value: StreamTextResponse };

/** Streams ai-streamText through the package's helper and records chunks and the final result in the order they arrive. */
async function streamEvents(client: Client, request: StreamTextRequest): Promise<Event[]> {
  const events: Event[] = [];
  const { stream, data: final } = await streamText(client.functions, request);
  const finalSeen = final.then((value) => events.push({ kind: "final", value }));
  for await (const chunk of stream) events.push({ kind: "chunk", value: chunk });
  await finalSeen;
  return events;
}

describe("ai: ai-streamText", function () {
  this.timeout(60_000);
  const fakes = useAiFakes();

  for (const [providerId, fake] of [
    ["Gemini", () => fakes.gemini],
    ["OpenAI", () => fakes.openai],
  ] as const) {
    it(`delivers ${providerId}'s chunks in order before the final result`, async () => {
      const alice = await signUpVerified();
      await useProvider(alice.uid, providerId);
      fake().chunkDelayMs = 30;
      const events = await streamEvents(alice, { prompt: "Tell me a story" });
      const chunks = fake().streamChunks;
      expect(events).to.deep.equal([
        ...chunks.map((value) => ({ kind: "chunk", value })),
        { kind: "final", value: { text: chunks.join("") } },
      ]);
      expect(fake().completedStreams).to.equal(1);
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
    });
  }

  it("streams several chunks from the offline Mock provider", async () => {
    const alice = await signUpVerified();
    const events = await streamEvents(alice, { prompt: "Hello there" });
    const chunks = events.filter((event) => event.kind === "chunk").map((event) => event.value as string);
    expect(chunks.length).to.be.greaterThan(2);
    expect(events[events.length - 1]).to.deep.equal({ kind: "final", value: { text: chunks.join("") } });
    expect(chunks.join("")).to.equal("Mock answer to: Hello there");
  });

  it("ends the client's stream when the client aborts", async () => {
    // That the abort reaches the provider is shown at the handler (streamAbort.test.ts): the
    // functions emulator does not pass a client disconnect on to the function.
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    fakes.gemini.streamChunks = Array.from({ length: 40 }, (_, i) => `w${i} `);
    fakes.gemini.chunkDelayMs = 50;
    const controller = new AbortController();
    const { stream, data } = await streamText(alice.functions, { prompt: "A very long story" }, { signal: controller.signal });
    data.catch(() => undefined);
    const received: string[] = [];
    try {
      for await (const chunk of stream) {
        received.push(chunk);
        if (received.length === 3) controller.abort();
      }
    } catch {
      // An aborted stream may end with an error rather than quietly.
    }
    expect(received.slice(0, 3)).to.deep.equal(["w0 ", "w1 ", "w2 "]);
    expect(received.length).to.be.lessThan(40);
  });
});
