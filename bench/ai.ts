/**
 * AI proxy overhead: p50/p95 latency of `ai-generateText` through the functions emulator
 * against the fake Gemini, beside calling the fake directly with the same SDK
 * (@google/genai); the same pair for time to first chunk of `ai-streamText`; and the Firestore
 * round trips per successful call (logged by the proxy with each settled call).
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { callables, streamText } from "../client/src/index.js";
import type { GoogleGenAI as GoogleGenAIType } from "../functions/node_modules/@google/genai/dist/genai.js";
import { adminDb } from "../test/helpers/admin.js";
import { loggedEvents } from "../test/helpers/emulatorLogs.js";
import { closeClients, signUpVerified, type Client } from "../test/helpers/clients.js";
import { FakeGemini } from "../test/fakes/gemini.js";
import { figure, percentile } from "./stats.js";

const SAMPLES = 40;
const WARM_UP = 5;
/** Stays under the per-user rate limit (30 a minute): a fresh user every this many calls. */
const CALLS_PER_USER = 25;

const functionsRequire = createRequire(join(__dirname, "..", "functions", "package.json"));

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** Signed-in clients whose active provider is Gemini, handed out so no user passes the rate limit. */
class Callers {
  private clients: Array<Client & { uid: string }> = [];
  private calls = 0;

  async next(): Promise<Client> {
    if (this.calls % CALLS_PER_USER === 0) {
      // The platform's keys need a verified email (docs/ai.md).
      const client = await signUpVerified();
      await adminDb().doc(`users/${client.uid}`).update({ activeAiProvider: "Gemini" });
      this.clients.push(client);
    }
    this.calls += 1;
    return this.clients[this.clients.length - 1];
  }

  uids(): string[] {
    return this.clients.map((client) => client.uid);
  }
}

async function sample(count: number, once: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await once());
  return samples;
}

function report(label: string, proxy: number[], direct: number[]): void {
  figure(`${label} via ai proxy (emulator), p50`, percentile(proxy, 50), "ms");
  figure(`${label} via ai proxy (emulator), p95`, percentile(proxy, 95), "ms");
  figure(`${label} direct to fake with the SDK, p50`, percentile(direct, 50), "ms");
  figure(`${label} direct to fake with the SDK, p95`, percentile(direct, 95), "ms");
  figure(`${label}: proxy overhead at p50`, percentile(proxy, 50) - percentile(direct, 50), "ms");
}

export async function run(): Promise<void> {
  const fake = await FakeGemini.start();
  try {
    await adminDb().doc("config/emulator").set({ geminiBaseUrl: fake.url, geminiApiKey: fake.acceptedKey });
    await adminDb()
      .doc("config/roles")
      .set({ free: { maxAiUsesMonthly: null } });
    const { GoogleGenAI } = functionsRequire("@google/genai") as { GoogleGenAI: typeof GoogleGenAIType };
    const direct = new GoogleGenAI({ apiKey: fake.acceptedKey, httpOptions: { baseUrl: fake.url } });
    const callers = new Callers();

    // The emulator's own cost of a callable: one refused by input validation (no Firestore, no
    // provider). Its input is ill-typed on purpose, so it is sent untyped by name.
    const floorClient = await signUpVerified();
    const floor = await sample(SAMPLES, () => timed(() => floorClient.call("ai-generateText", {}).catch(() => undefined)));
    figure("callable refused by validation (emulator floor), p50", percentile(floor, 50), "ms");

    const proxyText = await sample(SAMPLES, async () => {
      const client = await callers.next();
      return timed(() => callables(client.functions).ai.generateText({ prompt: "Benchmark prompt" }));
    });
    const directText = await sample(SAMPLES, () =>
      timed(() => direct.models.generateContent({ model: "gemini-2.5-flash", contents: "Benchmark prompt" })),
    );
    report("generateText", proxyText, directText);

    fake.chunkDelayMs = 5;
    const proxyFirstChunk = await sample(SAMPLES, async () => {
      const client = await callers.next();
      const start = performance.now();
      const { stream, data } = await streamText(client.functions, { prompt: "Stream" });
      let first = Number.NaN;
      for await (const chunk of stream) {
        if (Number.isNaN(first) && chunk) first = performance.now() - start;
      }
      await data;
      return first;
    });
    const directFirstChunk = await sample(SAMPLES, async () => {
      const start = performance.now();
      const stream = await direct.models.generateContentStream({ model: "gemini-2.5-flash", contents: "Stream" });
      let first = Number.NaN;
      for await (const chunk of stream) {
        if (Number.isNaN(first) && chunk.text) first = performance.now() - start;
      }
      return first;
    });
    report("streamText time to first chunk", proxyFirstChunk, directFirstChunk);

    // Logged by each settled call (ai.settled), never stored on a document.
    const uids = new Set(callers.uids());
    const trips = (await loggedEvents("ai.settled"))
      .filter((event) => uids.has(String(event.uid)))
      .map((event) => Number(event.firestoreRoundTrips));
    figure(`Firestore round trips per successful call, p50 of ${trips.length}`, percentile(trips, 50), "trips");
    figure(`Firestore round trips per successful call, max`, Math.max(...trips), "trips");
  } finally {
    await adminDb().doc("config/roles").delete();
    await closeClients();
    await fake.close();
  }
}
