import { expect } from "chai";
import { streamText, type StreamTextRequest } from "../../client/src/index.js";
import type { StreamTextResponse } from "../../functions/src/models/ai.js";
import type { Client } from "../helpers/clients.js";
import { usageOf, useProvider, useAiFakes } from "./support.js";
import { signUpVerified } from "../helpers/clients.js";
import { functionUrl } from "../helpers/emulators.js";

type Event = { kind: "chunk"; value: string } | { kind: "final"; value: StreamTextResponse };

/**
 * Streams ai-streamText through the package's helper: the chunks as the stream yields them, then
 * the final result. (The SDK settles `data` as soon as it parses the result line, while chunks
 * read in the same network read may still wait in the stream's buffer, so the order in which
 * the two callbacks fire says nothing about the server; `wireEvents` checks that order.)
 */
async function streamEvents(client: Client, request: StreamTextRequest): Promise<Event[]> {
  const events: Event[] = [];
  const { stream, data } = await streamText(client.functions, request);
  for await (const chunk of stream) events.push({ kind: "chunk", value: chunk });
  events.push({ kind: "final", value: await data });
  return events;
}

/** The server-sent events of one ai-streamText call as they come over the wire, in order (the callable streaming protocol). */
async function wireEvents(client: Client, request: StreamTextRequest): Promise<Event[]> {
  const response = await fetch(functionUrl("ai-streamText"), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      authorization: `Bearer ${await client.user!.getIdToken()}`,
    },
    body: JSON.stringify({ data: request }),
  });
  const lines = (await response.text()).split("\n").filter((line) => line.startsWith("data: "));
  return lines.map((line) => {
    const event = JSON.parse(line.slice("data: ".length)) as { message?: string; result?: StreamTextResponse };
    return event.result !== undefined ? { kind: "final", value: event.result } : { kind: "chunk", value: event.message ?? "" };
  });
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
    for (const events of [await streamEvents(alice, { prompt: "Hello there" }), await wireEvents(alice, { prompt: "Hello there" })]) {
      const chunks = events.filter((event) => event.kind === "chunk").map((event) => event.value as string);
      expect(chunks.length).to.be.greaterThan(2);
      expect(events[events.length - 1]).to.deep.equal({ kind: "final", value: { text: chunks.join("") } });
      expect(chunks.join("")).to.equal("Mock answer to: Hello there");
    }
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
