/**
 * Client abort → upstream abort, and the calls' time limits, driven at the handler: the functions
 * emulator's proxy does not pass a client disconnect on to the function (firebase-tools 15 keeps
 * the worker's request open), so `response.signal` never fires there. Here the real handlers run
 * in this process against the Firestore emulator and the fake providers through their real SDKs
 * (@google/genai, openai), with a `response` whose signal the test aborts, as firebase-functions
 * does when the client goes away.
 */
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { adminDb, eventually } from "../helpers/admin.js";
import type { CallContext } from "../../functions/src/common/callable.js";
import { ctxFor, outcomeOf, reservedRequests, useAiFakes, useHandlerEnv, usageOf } from "./support.js";

type StreamResponse = NonNullable<CallContext<unknown, string>["response"]>;

describe("ai: aborts and time limits (handler level)", function () {
  this.timeout(30_000);
  useHandlerEnv();
  const fakes = useAiFakes();

  async function seedUser(uid: string, provider: "Gemini" | "OpenAI") {
    await adminDb().doc(`users/${uid}`).set({
      name: uid,
      email: null,
      role: "free",
      teamIds: [],
      defaultTeamId: null,
      activeAiProvider: provider,
      walletAddress: null,
      createdAt: Timestamp.now(),
      updatedAt: Timestamp.now(),
    });
  }

  /** Streams with a client that aborts after `abortAfterChunks` chunks (0: never). */
  async function startStream(uid: string, abortAfterChunks: number, requestId?: string) {
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
    const result = await outcomeOf(
      handleStreamText(
        ctxFor<{ prompt: string; requestId?: string }, string>(uid, { prompt: "A long story", ...(requestId && { requestId }) }, response),
      ),
    );
    return { chunks, result };
  }

  for (const providerId of ["Gemini", "OpenAI"] as const) {
    const fake = () => (providerId === "Gemini" ? fakes.gemini : fakes.openai);

    describe(`${providerId} stream aborted by the client`, () => {
      it("aborts the provider's stream, charges the text delivered once, and never replays the partial text as the answer", async () => {
        await seedUser("streamer", providerId);
        fake().streamChunks = Array.from({ length: 200 }, (_, i) => `w${i} `);
        fake().chunkDelayMs = 50;
        const { chunks, result } = await startStream("streamer", 3, "story-1");
        expect(result).to.deep.equal({ value: { text: "w0 w1 w2 " } });
        expect(chunks).to.deep.equal(["w0 ", "w1 ", "w2 "]);
        await eventually("the fake provider seeing the abort", async () => fake().abortedStreams === 1, 5_000);
        expect(fake().completedStreams).to.equal(0);
        expect(await usageOf("streamer")).to.include({ used: 1 });
        expect(await reservedRequests("streamer")).to.equal(0);
        const stored = (await adminDb().doc("users/streamer/aiRequests/story-1").get()).data();
        expect(stored).to.include({ status: "settled", cost: 1 });
        expect(stored).to.not.have.any.keys("result", "resultJson");

        const retry = await startStream("streamer", 0, "story-1");
        expect(retry.result.value).to.equal(undefined);
        expect(retry.result.error?.details).to.include({ reason: "ai-request-completed" });
        expect(fake().count()).to.equal(1);
        expect(await usageOf("streamer")).to.include({ used: 1 });
      });

      it("charges nothing when the client leaves before any text", async () => {
        await seedUser("leaver", providerId);
        fake().delayMs = 300;
        const { handleStreamText } = await import("../../functions/src/ai/streamText.js");
        const controller = new AbortController();
        const response: StreamResponse = { signal: controller.signal, sendChunk: async () => true };
        setTimeout(() => controller.abort(), 100);
        const { error } = await outcomeOf(handleStreamText(ctxFor<{ prompt: string }, string>("leaver", { prompt: "Hi" }, response)));
        expect(error, "the aborted call must fail").to.not.equal(undefined);
        expect(await usageOf("leaver")).to.include({ used: 0 });
        expect(await reservedRequests("leaver")).to.equal(0);
      });
    });
  }

  it("aborts a stream whose provider sends headers and then nothing (idle timeout), and charges nothing", async () => {
    await seedUser("idle", "OpenAI");
    fakes.openai.chunkDelayMs = 15_000;
    const started = Date.now();
    const { result } = await startStream("idle", 0);
    // Well before the 15 s pause ends or the 20 s total limit: the idle limit ended it.
    expect(Date.now() - started).to.be.lessThan(12_000);
    expect(result.error?.code).to.equal("unavailable");
    expect(result.error?.details).to.include({ reason: "ai-provider-timeout", timeout: "idle", seconds: 1 });
    // The abort reached the provider: the fake saw the stream dropped. On a busy machine the 1 s
    // idle limit can pass before the fake (in this process) has read the request at all; the abort
    // then closes the connection unread and nothing ran upstream either, so the fake never sees a
    // request (a whole run, 2 December: 20 s without either). A request it did read is counted
    // as dropped the moment its connection closes (trackDisconnect).
    const returned = Date.now();
    await eventually(
      "the fake seeing the stream dropped, or never seeing the request",
      async () =>
        fakes.openai.abortedStreams + fakes.openai.disconnectedRequests > 0 ||
        (fakes.openai.count("chat/completions") === 0 && Date.now() - returned > 2000),
      20_000,
    );
    expect(fakes.openai.completedStreams, "no stream ran to its end").to.equal(0);
    expect(await usageOf("idle")).to.include({ used: 0 });
    expect(await reservedRequests("idle")).to.equal(0);
  });

  for (const [name, load] of [
    ["ai-generateJson", async () => (await import("../../functions/src/ai/generateJson.js")).handleGenerateJson],
    ["ai-generateImage", async () => (await import("../../functions/src/ai/generateImage.js")).handleGenerateImage],
  ] as const) {
    it(`gives Gemini's ${name} a total timeout (it had no abort signal) and charges nothing`, async () => {
      await seedUser("slow", "Gemini");
      fakes.gemini.delayMs = 10_000;
      const handler = await load();
      const started = Date.now();
      const { error } = await outcomeOf<unknown>(handler(ctxFor("slow", { prompt: "Slowly" })));
      expect(Date.now() - started).to.be.lessThan(8_000);
      expect(error?.code).to.equal("unavailable");
      expect(error?.details).to.include({ reason: "ai-provider-timeout", timeout: "total", seconds: 2 });
      await eventually("the fake seeing the request dropped", async () => fakes.gemini.disconnectedRequests > 0, 5_000);
      expect(await usageOf("slow")).to.include({ used: 0 });
      expect(await reservedRequests("slow")).to.equal(0);
    });
  }
});
