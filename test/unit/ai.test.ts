import { expect } from "chai";
import { CONFLICT, MAX_GUARDED_ATTEMPTS, optimistic } from "../../functions/src/ai/credits/guardedWrite.js";
import { periodEnd, periodOf } from "../../functions/src/ai/credits/period.js";
import { providerFailure } from "../../functions/src/ai/providers/errors.js";
import { auditPlanPrompt } from "../../functions/src/ai/prompts/auditPlan.js";
import { feedbackSimulationPrompt } from "../../functions/src/ai/prompts/feedbackSimulation.js";
import { auditPlanSchema, feedbackSimulationResultSchema, generateTextInput } from "../../functions/src/models/ai.js";
import { parseInput } from "../../functions/src/common/callable.js";

describe("unit: AI proxy pieces", () => {
  it("keys usage by the UTC month", () => {
    expect(periodOf(new Date("2026-01-31T23:59:59Z"))).to.equal("2026-01");
    expect(periodOf(new Date("2026-02-01T00:00:00Z"))).to.equal("2026-02");
  });

  it("resets credits at 00:00 UTC on the 1st of the next month, across the year end", () => {
    expect(periodEnd("2026-11").toISOString()).to.equal("2026-12-01T00:00:00.000Z");
    expect(periodEnd("2026-12").toISOString()).to.equal("2027-01-01T00:00:00.000Z");
  });

  it("maps provider HTTP failures to the contract's codes without the provider's message", () => {
    const cases: Array<[number | undefined, string]> = [
      [401, "failed-precondition"],
      [403, "failed-precondition"],
      [429, "resource-exhausted"],
      [400, "invalid-argument"],
      [500, "unavailable"],
      [undefined, "unavailable"],
    ];
    for (const [status, code] of cases) {
      const error = providerFailure("Gemini", Object.assign(new Error("secret prompt echoed"), { status }));
      expect(error.code, String(status)).to.equal(code);
      expect(error.message).to.contain("Gemini").and.not.to.contain("secret prompt");
    }
  });

  it("ships prompt examples that pass their own schemas (what the Mock returns)", () => {
    expect(feedbackSimulationResultSchema.safeParse(feedbackSimulationPrompt.example).success).to.equal(true);
    expect(auditPlanSchema.safeParse(auditPlanPrompt.example).success).to.equal(true);
  });

  it("refuses feedback outside the contract's shape", () => {
    const { example } = feedbackSimulationPrompt;
    expect(feedbackSimulationResultSchema.safeParse({ ...example, sentimentScore: 1.5 }).success).to.equal(false);
    expect(feedbackSimulationResultSchema.safeParse({ ...example, engagementLikelihood: "Very high" }).success).to.equal(false);
    expect(auditPlanSchema.safeParse({ ...auditPlanPrompt.example, D9: "extra" }).success).to.equal(false);
  });

  it("puts the persona and the content into the versioned prompt", () => {
    const prompt = feedbackSimulationPrompt.build({ persona: { name: "Ana", vulnerabilities: ["FOMO"] }, content: "Buy now" });
    expect(prompt).to.contain("Name: Ana").and.to.contain("Vulnerabilities: FOMO").and.to.contain("Buy now");
    expect(feedbackSimulationPrompt.version).to.equal(1);
  });

  it("gives up on a usage document that keeps changing as a too-many-requests refusal (ai-contention)", async () => {
    let rounds = 0;
    const error = await optimistic(async () => {
      rounds += 1;
      return CONFLICT;
    }).then(
      () => expect.fail("a write that always loses its race must not succeed"),
      (thrown: { code?: string; details?: unknown }) => thrown,
    );
    expect(rounds).to.equal(MAX_GUARDED_ATTEMPTS);
    expect(error.code).to.equal("resource-exhausted");
    expect(error.details).to.deep.equal({ reason: "ai-contention" });
  });

  it("takes a requestId of 1-128 letters, digits, '-' or '_' starting with a letter or digit, and says so when refused", () => {
    for (const requestId of ["a", "0_req-1", `r${"x".repeat(127)}`])
      expect(() => parseInput(generateTextInput, { prompt: "Hi", requestId })).not.to.throw();
    for (const requestId of ["", "-req", "_req", "req.1", `r${"x".repeat(128)}`]) {
      expect(() => parseInput(generateTextInput, { prompt: "Hi", requestId }), requestId).to.throw(
        /requestId: .*starting with a letter or digit/,
      );
    }
  });
});
