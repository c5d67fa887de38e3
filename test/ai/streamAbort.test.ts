/**
 * Client abort → upstream abort, driven at the handler: the functions emulator's proxy does not
 * pass a client disconnect on to the function (firebase-tools 15 keeps the worker's request
 * open), so `response.signal` never fires there. Here the real handler runs in this process
 * against the Firestore emulator and the fake Gemini through @google/genai, with a `response`
 * whose signal the test aborts, as firebase-functions does when the client goes away.
 */
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { adminDb, eventually } from "../helpers/admin.js";
import { PROJECT_ID } from "../helpers/emulators.js";
import type { CallContext } from "../../functions/src/common/callable.js";

type StreamResponse = NonNullable<CallContext<unknown, string>["response"]>;
import { pointFunctionsAtFakes, reservedRequests, startAiFakes, stopAiFakes, usageOf, type AiFakes } from "./support.js";

const ENV = { FUNCTIONS_EMULATOR: "true", GCLOUD_PROJECT: PROJECT_ID, AI_RATE_LIMIT_PER_MINUTE: "30" };

describe("ai: ai-streamText when the client goes away (handler level)", function () {
  this.timeout(30_000);
  let fakes: AiFakes;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    for (const [key, value] of Object.entries(ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    fakes = await startAiFakes();
  });
  after(async () => {
    await stopAiFakes(fakes);
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  beforeEach(async () => {
    const { clearEmulatorData } = await import("../helpers/emulators.js");
    await clearEmulatorData();
    await pointFunctionsAtFakes(fakes);
  });

  async function startStream(uid: string, abortAfterChunks: number) {
    const { handleStreamText } = await import("../../functions/src/ai/streamText.js");
    const controller = new AbortController();
    const chunks: string[] = [];
    const response: StreamResponse = {
      signal: controller.signal,
      sendChunk: async (chunk) => {
        chunks.push(chunk);
        if (chunks.length === abortAfterChunks) controller.abort();
        return true;
      },
    };
    const ctx = { uid, data: { prompt: "A long story" }, response } as unknown as CallContext<{ prompt: string }, string>;
    const result = await handleStreamText(ctx).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    return { chunks, result };
  }

  async function seedUser(uid: string) {
    await adminDb().doc(`users/${uid}`).set({ name: uid, email: null, role: "free", teamIds: [], defaultTeamId: null, activeAiProvider: "Gemini", walletAddress: null, createdAt: Timestamp.now(), updatedAt: Timestamp.now() });
  }

  it("aborts the provider's stream and charges the text already delivered once", async () => {
    await seedUser("streamer");
    fakes.gemini.streamChunks = Array.from({ length: 200 }, (_, i) => `w${i} `);
    fakes.gemini.chunkDelayMs = 50;
    const { chunks, result } = await startStream("streamer", 3);
    expect(result).to.deep.equal({ value: { text: "w0 w1 w2 " } });
    expect(chunks).to.deep.equal(["w0 ", "w1 ", "w2 "]);
    await eventually("the fake provider seeing the abort", async () => fakes.gemini.abortedStreams === 1, 5_000);
    expect(fakes.gemini.completedStreams).to.equal(0);
    expect(await usageOf("streamer")).to.include({ used: 1 });
    expect(await reservedRequests("streamer")).to.equal(0);
  });

  it("charges nothing when the client leaves before any text", async () => {
    await seedUser("leaver");
    fakes.gemini.delayMs = 300;
    const { handleStreamText } = await import("../../functions/src/ai/streamText.js");
    const controller = new AbortController();
    const response: StreamResponse = { signal: controller.signal, sendChunk: async () => true };
    setTimeout(() => controller.abort(), 100);
    const ctx = { uid: "leaver", data: { prompt: "Hi" }, response } as unknown as CallContext<{ prompt: string }, string>;
    let failed = false;
    await handleStreamText(ctx).catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(await usageOf("leaver")).to.include({ used: 0 });
    expect(await reservedRequests("leaver")).to.equal(0);
  });
});
