import { expect } from "chai";
import { FieldValue } from "firebase-admin/firestore";
import { adminDb } from "../helpers/admin.js";
import { FAKE_PNG_BASE64 } from "../fakes/gemini.js";
import { callables } from "../../client/src/index.js";
import { callsThisMinute, saveAiConfig, usageOf, useProvider, useAiFakes, withinOneMinute, withOwnKey } from "./support.js";
import { expectCallError } from "../helpers/callables.js";
import { signUpVerified } from "../helpers/clients.js";

describe("ai: provider selection and provider features", function () {
  this.timeout(60_000);
  const fakes = useAiFakes();

  it("uses the offline Mock provider by default in the emulator", async () => {
    const alice = await signUpVerified();
    const { text } = await callables(alice.functions).ai.generateText({ prompt: "Hello" });
    expect(text).to.equal("Mock answer to: Hello");
    expect(fakes.gemini.count() + fakes.openai.count()).to.equal(0);
    expect(await usageOf(alice.uid)).to.include({ used: 1, limit: 50 });
  });

  it("returns Mock JSON that passes the contract's shapes", async () => {
    const alice = await signUpVerified();
    const { ai } = callables(alice.functions);
    const plan = await ai.generateAuditPlan({ campaignObjective: "Launch" });
    expect(Object.keys(plan)).to.deep.equal(["D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"]);
    const feedback = await ai.simulateFeedback({ personaDetails: { name: "Sam" }, contentToSimulate: "Hi" });
    expect(feedback).to.include.keys("overallSentiment", "sentimentScore", "engagementLikelihood", "summary");
    const { images } = await ai.generateImage({ prompt: "A dog" });
    expect(images).to.deep.equal([FAKE_PNG_BASE64]);
  });

  it("grounds Gemini with Google Search and returns its grounding chunks", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    const result = await callables(alice.functions).ai.generateText({
      prompt: "Latest news?",
      systemInstruction: "Be brief.",
      useGoogleSearch: true,
    });
    expect(result.groundingChunks).to.deep.equal(fakes.gemini.groundingChunks);
    const sent = fakes.gemini.calls[0];
    expect(sent.model).to.equal("gemini-2.5-flash");
    expect(sent.body.tools).to.deep.equal([{ googleSearch: {} }]);
    expect(sent.body.systemInstruction).to.deep.include({ parts: [{ text: "Be brief." }] });
  });

  it("uses the model of the caller's config when it is a catalog model", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    await saveAiConfig(alice.uid, "Gemini", { models: { text: ["gemini-2.5-flash"], image: [], chat: [] } });
    await callables(alice.functions).ai.generateText({ prompt: "Hi" });
    expect(fakes.gemini.calls[0].model).to.equal("gemini-2.5-flash");
  });

  it("refuses a provider the caller turned off", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    await saveAiConfig(alice.uid, "Gemini", { isEnabled: false });
    const error = await expectCallError(callables(alice.functions).ai.generateText({ prompt: "Hi" }), "failed-precondition");
    expect(error.message).to.contain("Gemini");
  });

  it("talks to OpenAI through the openai SDK (text, JSON mode, images)", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "OpenAI");
    fakes.openai.jsonReplies = ['{"colors":["red","blue"]}'];
    const { ai } = callables(alice.functions);
    expect(await ai.generateText({ prompt: "Hi", systemInstruction: "Be kind." })).to.deep.equal({
      text: "Fake OpenAI answer.",
    });
    expect(await ai.generateJson({ prompt: "Colors" })).to.deep.equal({ data: { colors: ["red", "blue"] } });
    const { images } = await ai.generateImage({ prompt: "Logo", numberOfImages: 2 });
    expect(images).to.have.length(2);
    const [text, json, image] = fakes.openai.calls;
    expect(text.body).to.deep.include({
      model: "gpt-4.1-mini",
      messages: [
        { role: "system", content: "Be kind." },
        { role: "user", content: "Hi" },
      ],
    });
    expect(json.body.response_format).to.deep.equal({ type: "json_object" });
    expect(image.body).to.deep.include({ model: "gpt-image-1", n: 2 });
    expect(text.apiKey).to.equal(fakes.openai.acceptedKey);
    expect(await usageOf(alice.uid)).to.include({ used: 4 });
  });

  it("reaches an OpenAI-compatible provider at the caller's baseURL", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Ollama");
    await saveAiConfig(alice.uid, "Ollama", { baseURL: fakes.openai.url, models: { text: ["llama3.2"], image: [], chat: [] } });
    fakes.openai.acceptedKey = "ollama";
    try {
      expect(await callables(alice.functions).ai.generateText({ prompt: "Hi" })).to.deep.equal({ text: "Fake OpenAI answer." });
      expect(fakes.openai.calls[0].body.model).to.equal("llama3.2");
    } finally {
      fakes.openai.acceptedKey = "fake-openai-key";
    }
  });

  it("uses the caller's own key saved with aiConfigs-save, without any platform key", async () => {
    await withOwnKey(fakes, { providerId: "Gemini", apiKey: "alice-own-gemini-key" }, async (_alice, { ai }) => {
      expect(await ai.generateText({ prompt: "Hi" })).to.deep.equal({ text: "Fake Gemini answer." });
      expect(fakes.gemini.calls.map((call) => call.apiKey)).to.deep.equal(["alice-own-gemini-key"]);
    });
  });

  it("reaches an OpenAI-compatible provider with the caller's saved key and baseURL", async () => {
    const alice = await signUpVerified();
    fakes.openai.acceptedKey = "alice-groq-key";
    const api = callables(alice.functions);
    try {
      await api.aiConfigs.save({ configs: [{ providerId: "Groq", apiKey: "alice-groq-key", baseURL: fakes.openai.url }] });
      await api.aiConfigs.setActive({ activeProvider: "Groq" });
      expect(await api.ai.generateText({ prompt: "Hi" })).to.deep.equal({ text: "Fake OpenAI answer." });
      expect(fakes.openai.calls[0]).to.deep.include({ apiKey: "alice-groq-key" });
      expect(fakes.openai.calls[0].body.model).to.equal("llama-3.3-70b-versatile");
    } finally {
      fakes.openai.acceptedKey = "fake-openai-key";
    }
  });

  it("never sends the platform OpenAI key to another OpenAI-compatible provider", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Groq");
    const error = await expectCallError(callables(alice.functions).ai.generateText({ prompt: "Hi" }), "failed-precondition");
    expect(error.message).to.equal("No API key configured for Groq");
    expect(fakes.openai.count()).to.equal(0);
  });

  it("answers failed-precondition when the provider rejects the key, and charges nothing", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    await adminDb().doc("config/emulator").update({ geminiApiKey: "wrong-key" });
    const error = await expectCallError(callables(alice.functions).ai.generateText({ prompt: "Hi" }), "failed-precondition");
    expect(error.message).to.contain("rejected");
    expect(await usageOf(alice.uid)).to.include({ used: 0 });
  });

  describe("JSON path", () => {
    it("retries invalid JSON once and charges one credit", async () => {
      const alice = await signUpVerified();
      await useProvider(alice.uid, "Gemini");
      fakes.gemini.jsonReplies = ["this is not JSON", '{"fine":1}'];
      expect(await callables(alice.functions).ai.generateJson({ prompt: "JSON please" })).to.deep.equal({ data: { fine: 1 } });
      expect(fakes.gemini.count()).to.equal(2);
      expect(fakes.gemini.calls[0].body.generationConfig).to.deep.include({ responseMimeType: "application/json" });
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
    });

    it("fails with a clear internal error after two invalid answers, charges the call once, and counts both provider calls", async () => {
      const alice = await signUpVerified();
      await useProvider(alice.uid, "Gemini");
      fakes.gemini.jsonReplies = ["{broken", "still { broken"];
      await withinOneMinute(10);
      const request = { prompt: "JSON please", requestId: "json-broken-1" };
      const { ai } = callables(alice.functions);
      const error = await expectCallError(ai.generateJson(request), "internal");
      expect(error.message).to.contain("valid JSON").and.to.contain("used its credits");
      expect(error.details).to.deep.equal({ reason: "ai-invalid-json", charged: true });
      expect(fakes.gemini.count()).to.equal(2);
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
      expect(await callsThisMinute(alice.uid)).to.equal(2);

      const retry = await expectCallError(ai.generateJson(request), "internal");
      expect(retry.message).to.equal(error.message);
      expect(fakes.gemini.count()).to.equal(2);
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
    });

    it("treats an answer of the wrong shape as invalid (feedback simulation), and charges it", async () => {
      const alice = await signUpVerified();
      await useProvider(alice.uid, "Gemini");
      fakes.gemini.jsonReplies = ['{"overallSentiment":"great"}', '{"summary":"no"}'];
      await expectCallError(
        callables(alice.functions).ai.simulateFeedback({ personaDetails: { name: "Kim" }, contentToSimulate: "Ad" }),
        "internal",
      );
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
    });
  });

  describe("ai-simulateFeedback with a stored persona", () => {
    async function seedPersona(teamId: string) {
      await adminDb()
        .doc(`teams/${teamId}/personas/p1`)
        .set({
          name: "Eco Emma",
          demographics: "28, urban",
          psychographics: "Values sustainability",
          initialBeliefs: "Brands greenwash",
          vulnerabilities: ["FOMO"],
          rstProfile: { bas: "High", bis: "Medium", fffs: "Low" },
          createdBy: "someone",
          createdAt: FieldValue.serverTimestamp(),
          updatedAt: FieldValue.serverTimestamp(),
        });
    }

    it("simulates the persona of the caller's team", async () => {
      const alice = await signUpVerified();
      await useProvider(alice.uid, "Gemini");
      const teamId = (await adminDb().doc(`users/${alice.uid}`).get()).get("defaultTeamId") as string;
      await seedPersona(teamId);
      const valid = {
        overallSentiment: "negative",
        sentimentScore: -0.4,
        engagementLikelihood: "Low",
        predictedReactions: ["Eye roll"],
        keyConcerns: ["Greenwashing"],
        suggestedImprovements: ["Show certification"],
        summary: "Skeptical.",
      };
      fakes.gemini.jsonReplies = [JSON.stringify(valid)];
      const result = await callables(alice.functions).ai.simulateFeedback({
        teamId,
        personaId: "p1",
        contentToSimulate: "Our bottle saves the planet",
      });
      expect(result).to.deep.equal(valid);
      const prompt = JSON.stringify(fakes.gemini.calls[0].body.contents);
      expect(prompt).to.contain("Eco Emma").and.to.contain("BAS High").and.to.contain("Our bottle saves the planet");
    });

    it("refuses a persona of a team the caller is not in", async () => {
      const alice = await signUpVerified();
      const bob = await signUpVerified();
      const bobTeam = (await adminDb().doc(`users/${bob.uid}`).get()).get("defaultTeamId") as string;
      await seedPersona(bobTeam);
      await expectCallError(
        callables(alice.functions).ai.simulateFeedback({ teamId: bobTeam, personaId: "p1", contentToSimulate: "Ad" }),
        "permission-denied",
      );
      expect(await usageOf(alice.uid)).to.equal(undefined);
    });

    it("answers not-found for a missing persona", async () => {
      const alice = await signUpVerified();
      const teamId = (await adminDb().doc(`users/${alice.uid}`).get()).get("defaultTeamId") as string;
      await expectCallError(
        callables(alice.functions).ai.simulateFeedback({ teamId, personaId: "nope", contentToSimulate: "Ad" }),
        "not-found",
      );
    });

    it("refuses ids Firestore would refuse with invalid-argument, not internal", async () => {
      const alice = await signUpVerified();
      const teamId = (await adminDb().doc(`users/${alice.uid}`).get()).get("defaultTeamId") as string;
      const { ai } = callables(alice.functions);
      for (const [field, input] of [
        ["personaId", { teamId, personaId: "__x__" }],
        ["personaId", { teamId, personaId: ".." }],
        ["teamId", { teamId: ".", personaId: "p1" }],
        ["teamId", { teamId: "__persona__", personaId: "p1" }],
      ] as const) {
        const error = await expectCallError(ai.simulateFeedback({ ...input, contentToSimulate: "Ad" }), "invalid-argument");
        expect(error.message).to.contain(field);
      }
      expect(await usageOf(alice.uid)).to.equal(undefined);
    });

    it("refuses both a stored persona and inline details", async () => {
      const alice = await signUpVerified();
      const error = await expectCallError(
        callables(alice.functions).ai.simulateFeedback({
          teamId: "t",
          personaId: "p",
          personaDetails: { name: "X" },
          contentToSimulate: "Ad",
        }),
        "invalid-argument",
      );
      expect(error.message).to.contain("personaDetails");
    });
  });
});
