import { expect } from "chai";
import { callables, type Callables } from "../../client/src/index.js";
import { newClient, signUpVerified } from "../helpers/clients.js";
import { pointFunctionsAtFakes, usageOf, useProvider, useAiFakes } from "./support.js";
import { expectCallError } from "../helpers/callables.js";

/** What every AI callable must show: success, provider error (no charge), bad input, no auth, no key. */
interface CallableCase {
  name: string;
  /** A valid call, as the frontend makes it through the package (the final result of a stream). */
  call(api: Callables): Promise<unknown>;
  /** Input the schema refuses, sent untyped by name. */
  invalid: Record<string, unknown>;
  /** The field the invalid-argument message must name. */
  badField: string;
  /** Credits a success uses. */
  cost: number;
  /** Requests a success makes to Gemini (one per image: Gemini's image models draw one a call). */
  providerCalls?: number;
  check(result: unknown): void;
}

const validFeedback = {
  overallSentiment: "positive",
  sentimentScore: 0.6,
  engagementLikelihood: "High",
  predictedReactions: ["Likes it"],
  keyConcerns: [],
  suggestedImprovements: ["Shorter"],
  summary: "Works well.",
};
const validPlan = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`D${i}`, `Step ${i}`]));

const CASES: CallableCase[] = [
  {
    name: "ai-generateText",
    call: (api) => api.ai.generateText({ prompt: "Write a tagline" }),
    invalid: { prompt: "" },
    badField: "prompt",
    cost: 1,
    check: (result) => expect(result).to.deep.equal({ text: "Fake Gemini answer." }),
  },
  {
    name: "ai-generateJson",
    call: (api) => api.ai.generateJson({ prompt: "Give me JSON" }),
    invalid: { prompt: "x", temperature: 2 },
    badField: "temperature",
    cost: 1,
    check: (result) => expect(result).to.deep.equal({ data: { ok: true } }),
  },
  {
    name: "ai-generateImage",
    call: (api) => api.ai.generateImage({ prompt: "A cat", numberOfImages: 2 }),
    invalid: { prompt: "A cat", numberOfImages: 5 },
    badField: "numberOfImages",
    cost: 2,
    providerCalls: 2,
    check: (result) => {
      const images = (result as { images: string[] }).images;
      expect(images).to.have.length(2);
      expect(Buffer.from(images[0], "base64").subarray(1, 4).toString()).to.equal("PNG");
    },
  },
  {
    name: "ai-streamText",
    call: async (api) => (await api.ai.streamText({ prompt: "Tell a story" })).data,
    invalid: { prompt: 42 },
    badField: "prompt",
    cost: 1,
    check: (result) => expect(result).to.deep.equal({ text: "Hello from fake Gemini." }),
  },
  {
    name: "ai-simulateFeedback",
    call: (api) =>
      api.ai.simulateFeedback({
        personaDetails: { name: "Emma", psychographics: "Values honesty" },
        contentToSimulate: "Buy our eco bottle",
      }),
    invalid: { personaDetails: { name: "Emma" } },
    badField: "contentToSimulate",
    cost: 1,
    check: (result) => expect(result).to.deep.equal(validFeedback),
  },
  {
    name: "ai-generateAuditPlan",
    call: (api) => api.ai.generateAuditPlan({ campaignObjective: "Grow sign-ups by 20%" }),
    invalid: { campaignObjective: "   " },
    badField: "campaignObjective",
    cost: 1,
    check: (result) => expect(result).to.deep.equal(validPlan),
  },
];

describe("ai: every callable through the fake Gemini", function () {
  this.timeout(60_000);
  const fakes = useAiFakes();
  beforeEach(async () => {
    fakes.gemini.jsonReplies = [];
    fakes.gemini.defaultJson = '{"ok":true}';
  });

  function prepareJson(name: string) {
    if (name === "ai-simulateFeedback") fakes.gemini.defaultJson = JSON.stringify(validFeedback);
    if (name === "ai-generateAuditPlan") fakes.gemini.defaultJson = JSON.stringify(validPlan);
  }

  for (const testCase of CASES) {
    describe(testCase.name, () => {
      it("succeeds through the provider's SDK and uses its credits", async () => {
        const alice = await signUpVerified();
        await useProvider(alice.uid, "Gemini");
        prepareJson(testCase.name);
        const result = await testCase.call(callables(alice.functions));
        testCase.check(result);
        expect(fakes.gemini.count()).to.equal(testCase.providerCalls ?? 1);
        expect(fakes.gemini.calls[0].apiKey).to.equal(fakes.gemini.acceptedKey);
        expect(await usageOf(alice.uid)).to.include({ used: testCase.cost, limit: 50 });
      });

      it("uses no credit when the provider fails", async () => {
        const alice = await signUpVerified();
        await useProvider(alice.uid, "Gemini");
        fakes.gemini.failNext(1, 500);
        const error = await expectCallError(testCase.call(callables(alice.functions)), "unavailable");
        expect(error.message).to.contain("Gemini");
        expect(fakes.gemini.count()).to.equal(testCase.providerCalls ?? 1);
        expect(await usageOf(alice.uid)).to.include({ used: 0 });
      });

      it("refuses bad input with invalid-argument naming the field", async () => {
        const alice = await signUpVerified();
        const error = await expectCallError(alice.call(testCase.name, testCase.invalid), "invalid-argument");
        expect(error.message).to.contain(testCase.badField);
        expect(fakes.gemini.count()).to.equal(0);
      });

      it("refuses a signed-out caller", async () => {
        const anonymous = newClient();
        await expectCallError(testCase.call(callables(anonymous.functions)), "unauthenticated");
      });

      it("answers failed-precondition naming the provider when no key is configured", async () => {
        await pointFunctionsAtFakes(fakes, { withKeys: false });
        const alice = await signUpVerified();
        await useProvider(alice.uid, "Gemini");
        const error = await expectCallError(testCase.call(callables(alice.functions)), "failed-precondition");
        expect(error.message).to.equal("No API key configured for Gemini");
        expect(fakes.gemini.count()).to.equal(0);
        expect(await usageOf(alice.uid)).to.equal(undefined);
      });
    });
  }
});
