/**
 * The platform's keys (Secret Manager; the fakes' keys stand in for them in the emulator) are
 * paid by us: they go only to the catalog's endpoint, only for catalog models, only for verified
 * accounts, and a call costs by its size. "Attacker" servers are more fakes on other ports: what
 * reaches them is recorded, keys included.
 */
import { expect } from "chai";
import { signInAnonymously } from "firebase/auth";
import { adminDb, eventually } from "../helpers/admin.js";
import { newClient, signUp, signUpVerified } from "../helpers/clients.js";
import { FakeGemini } from "../fakes/gemini.js";
import { FakeOpenAi } from "../fakes/openai.js";
import { startServer, type FakeServer } from "../fakes/server.js";
import { callables, isCreditLimitError, isEmailNotVerifiedError, type Callables } from "../../client/src/index.js";
import { saveAiConfig, setUsage, usageOf, useAiFakes, useProvider, withOwnKey } from "./support.js";
import { expectCallError } from "../helpers/callables.js";

/** Every AI operation the platform's keys pay for, as the frontend calls it (the stream's final result for `ai-streamText`). */
const OPERATIONS: ReadonlyArray<readonly [string, (api: Callables) => Promise<unknown>]> = [
  ["ai-generateText", (api) => api.ai.generateText({ prompt: "Hi" })],
  ["ai-generateJson", (api) => api.ai.generateJson({ prompt: "JSON please" })],
  ["ai-generateImage", (api) => api.ai.generateImage({ prompt: "A cat" })],
  ["ai-streamText", async (api) => (await api.ai.streamText({ prompt: "A story" })).data],
];

describe("ai: the platform's keys", function () {
  this.timeout(60_000);
  const fakes = useAiFakes();
  const capture = { gemini: undefined as unknown as FakeGemini, openai: undefined as unknown as FakeOpenAi };
  let redirector: FakeServer;
  const redirected: string[] = [];

  before(async () => {
    [capture.gemini, capture.openai] = await Promise.all([FakeGemini.start(), FakeOpenAi.start()]);
    redirector = await startServer(async (req, res) => {
      redirected.push(req.url ?? "");
      res.writeHead(307, { location: `${capture.openai.url}/chat/completions` });
      res.end();
    });
  });
  after(() => Promise.all([capture.gemini.close(), capture.openai.close(), redirector.close()]));
  beforeEach(() => {
    capture.gemini.reset();
    capture.openai.reset();
    redirected.length = 0;
  });

  const captured = () => capture.gemini.count() + capture.openai.count();
  const platformCalls = () => fakes.gemini.count() + fakes.openai.count();

  describe("go only to the catalog's endpoint", () => {
    for (const providerId of ["Gemini", "OpenAI"] as const) {
      const captureUrl = () => (providerId === "Gemini" ? capture.gemini.server.origin : capture.openai.url);

      it(`never sends the ${providerId} platform key to a baseURL the user saved, for any callable`, async () => {
        const mallory = await signUpVerified();
        const api = callables(mallory.functions);
        await api.aiConfigs.save({ configs: [{ providerId, baseURL: captureUrl() }] });
        await api.aiConfigs.setActive({ activeProvider: providerId });
        for (const [name, operation] of OPERATIONS) {
          const error = await expectCallError(operation(api), "failed-precondition");
          expect(error.details, name).to.include({ reason: "ai-base-url-needs-own-key", providerId });
        }
        expect(captured()).to.equal(0);
        expect(platformCalls()).to.equal(0);
        expect(await usageOf(mallory.uid)).to.equal(undefined);
      });

      it(`never sends the ${providerId} platform key to a saved baseURL whose config claims a key it does not have`, async () => {
        const mallory = await signUpVerified();
        await useProvider(mallory.uid, providerId);
        await saveAiConfig(mallory.uid, providerId, { baseURL: captureUrl() });
        await adminDb().doc(`users/${mallory.uid}/aiConfigs/${providerId}`).update({ hasApiKey: true });
        await expectCallError(callables(mallory.functions).ai.generateText({ prompt: "Hi" }), "failed-precondition");
        expect(captured()).to.equal(0);
      });
    }

    for (const providerId of ["Gemini", "OpenAI"] as const) {
      it(`sends the caller's own ${providerId} key, and only it, to their baseURL (through the pinned fetch)`, async () => {
        const alice = await signUpVerified();
        const target = providerId === "Gemini" ? capture.gemini : capture.openai;
        target.acceptedKey = `alice-own-${providerId}-key`;
        const api = callables(alice.functions);
        await api.aiConfigs.save({
          configs: [
            {
              providerId,
              apiKey: target.acceptedKey,
              baseURL: providerId === "Gemini" ? capture.gemini.server.origin : capture.openai.url,
            },
          ],
        });
        await api.aiConfigs.setActive({ activeProvider: providerId });
        const { text } = await api.ai.generateText({ prompt: "Hi" });
        expect(text).to.equal(`Fake ${providerId} answer.`);
        expect(target.calls.map((call) => call.apiKey)).to.deep.equal([target.acceptedKey]);
        expect(platformCalls()).to.equal(0);
      });
    }

    it("does not follow a provider's redirect to another host (SSRF), and charges nothing", async () => {
      const alice = await signUpVerified();
      capture.openai.acceptedKey = "alice-own-openai-key";
      const api = callables(alice.functions);
      await api.aiConfigs.save({
        configs: [{ providerId: "OpenAI", apiKey: "alice-own-openai-key", baseURL: `${redirector.origin}/v1` }],
      });
      await api.aiConfigs.setActive({ activeProvider: "OpenAI" });
      const error = await expectCallError(api.ai.generateText({ prompt: "Hi" }), "unavailable");
      expect(error.message).to.not.contain("Fake OpenAI answer");
      expect(redirected).to.deep.equal(["/v1/chat/completions"]);
      expect(capture.openai.count()).to.equal(0);
      expect(await usageOf(alice.uid)).to.include({ used: 0 });
    });
  });

  describe("allow only the catalog's models", () => {
    for (const [providerId, modality, model] of [
      ["OpenAI", "text", "o1-pro"],
      ["OpenAI", "text", "gpt-image-1"],
      ["Gemini", "text", "gemini-2.5-pro"],
      ["OpenAI", "image", "dall-e-3"],
    ] as const) {
      it(`refuses ${model} as the ${providerId} ${modality} model on the platform key, before any credit moves`, async () => {
        const mallory = await signUpVerified();
        await useProvider(mallory.uid, providerId);
        await saveAiConfig(mallory.uid, providerId, {
          models: { text: modality === "text" ? [model] : [], image: modality === "image" ? [model] : [], chat: [] },
        });
        const { ai } = callables(mallory.functions);
        const call = modality === "text" ? ai.generateText({ prompt: "Hi" }) : ai.generateImage({ prompt: "Hi" });
        const error = await expectCallError(call, "failed-precondition");
        expect(error.details).to.include({ reason: "ai-model-not-allowed", model });
        expect(platformCalls()).to.equal(0);
        expect(await usageOf(mallory.uid)).to.equal(undefined);
      });
    }

    it("lets the caller's own key use any model", async () => {
      const config = { providerId: "OpenAI" as const, apiKey: "alice-own-openai-key", models: { text: ["o1-pro"] } };
      await withOwnKey(fakes, config, async (_alice, { ai }) => {
        await ai.generateText({ prompt: "Hi" });
        expect(fakes.openai.calls[0].body.model).to.equal("o1-pro");
      });
    });
  });

  describe("cost by size", () => {
    it("charges 1 credit for an ordinary call and 1 per started 10,000 characters of input, and caps the output", async () => {
      const alice = await signUpVerified();
      await useProvider(alice.uid, "Gemini");
      const { ai } = callables(alice.functions);
      await ai.generateText({ prompt: "x".repeat(10_000) });
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
      await ai.generateText({ prompt: "x".repeat(100_000) });
      expect(await usageOf(alice.uid)).to.include({ used: 11 });
      await ai.generateText({ prompt: "x".repeat(9_000), systemInstruction: "y".repeat(2_000) });
      expect(await usageOf(alice.uid)).to.include({ used: 13 });
      expect(fakes.gemini.calls[0].body.generationConfig).to.deep.include({ maxOutputTokens: 8192 });
    });

    it("charges images by size too, and refuses a call whose size is more than the credits left", async () => {
      const alice = await signUpVerified();
      await useProvider(alice.uid, "Gemini");
      const { ai } = callables(alice.functions);
      await ai.generateImage({ prompt: "x".repeat(15_000), numberOfImages: 2 });
      expect(await usageOf(alice.uid)).to.include({ used: 4 });
      await setUsage(alice.uid, 45);
      const error = await expectCallError(ai.generateText({ prompt: "x".repeat(60_000) }), "permission-denied");
      expect(error.details).to.include({ reason: "ai-credit-limit", used: 45 });
      expect(isCreditLimitError(error) && error.details.used).to.equal(45);
      expect(await usageOf(alice.uid)).to.include({ used: 45 });
    });

    it("charges 1 credit per call on the caller's own key, whatever its size", async () => {
      await withOwnKey(fakes, { providerId: "Gemini", apiKey: "alice-own-gemini-key" }, async (alice, { ai }) => {
        await ai.generateText({ prompt: "x".repeat(100_000) });
        expect(await usageOf(alice.uid)).to.include({ used: 1 });
        expect(fakes.gemini.calls[0].body.generationConfig ?? {}).to.not.have.property("maxOutputTokens");
      });
    });
  });

  describe("need a verified, non-anonymous account", () => {
    it("refuses an unverified email on the platform key, before any credit moves", async () => {
      const mallory = await signUp();
      await useProvider(mallory.uid, "Gemini");
      const error = await expectCallError(callables(mallory.functions).ai.generateText({ prompt: "Hi" }), "failed-precondition");
      expect(error.details).to.include({ reason: "ai-email-not-verified", providerId: "Gemini" });
      expect(isEmailNotVerifiedError(error)).to.equal(true);
      expect(platformCalls()).to.equal(0);
      expect(await usageOf(mallory.uid)).to.equal(undefined);
    });

    it("lets an unverified account use the offline Mock", async () => {
      const alice = await signUp();
      expect(await callables(alice.functions).ai.generateText({ prompt: "Hi" })).to.deep.equal({ text: "Mock answer to: Hi" });
    });

    it("refuses an anonymous account on the platform key", async () => {
      const guest = newClient();
      const { user } = await signInAnonymously(guest.auth);
      // The sign-up trigger may create a profile for anonymous users; make sure one exists either way.
      await adminDb()
        .doc(`users/${user.uid}`)
        .set(
          { name: "Guest", email: null, role: "free", teamIds: [], defaultTeamId: null, activeAiProvider: "Gemini", walletAddress: null },
          { merge: true },
        );
      await eventually("the guest's profile", async () => (await adminDb().doc(`users/${user.uid}`).get()).exists);
      const error = await expectCallError(callables(guest.functions).ai.generateText({ prompt: "Hi" }), "failed-precondition");
      expect(error.details).to.include({ reason: "ai-email-not-verified" });
      expect(isEmailNotVerifiedError(error)).to.equal(true);
      expect(platformCalls()).to.equal(0);
    });
  });
});
