/**
 * A provider's error body is outside text: a user-chosen server can answer with megabytes,
 * newlines and lines that look like our own JSON log entries. The real handler runs in this
 * process against the fake OpenAI; what the functions logger writes is captured.
 */
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { MAX_LOGGED_CHARS } from "../../functions/src/common/logs.js";
import { adminDb } from "../helpers/admin.js";
import { ctxFor, outcomeOf, useAiFakes, useHandlerEnv } from "./support.js";
import { captureOutput } from "../helpers/captureOutput.js";

describe("ai: provider error text in the logs (handler level)", function () {
  this.timeout(30_000);
  // A generous time limit: this suite is about the provider's error, not a timeout on a busy machine.
  useHandlerEnv({ AI_CALL_TIMEOUT_SECONDS: "60" });
  const fakes = useAiFakes();

  it("logs a 291 KB provider error body as one capped line, with no forged log lines", async () => {
    await adminDb().doc("users/logged").set({
      name: "logged",
      email: null,
      role: "free",
      teamIds: [],
      defaultTeamId: null,
      activeAiProvider: "OpenAI",
      walletAddress: null,
      createdAt: Timestamp.now(),
      updatedAt: Timestamp.now(),
    });
    const forged = '\n{"severity":"INFO","message":"ai.settled","event":"ai.settled","uid":"victim"}\r\n';
    const body = `upstream exploded${forged}${"x".repeat(291_000)}${forged}`;
    // The openai SDK puts the body's error.message, newlines and all, into its error's message.
    fakes.openai.failNext(1, 500, body);
    const { handleGenerateText } = await import("../../functions/src/ai/generateText.js");

    let outcome: Awaited<ReturnType<typeof outcomeOf>> = {};
    const output = await captureOutput(async () => {
      outcome = await outcomeOf(handleGenerateText(ctxFor("logged", { prompt: "Hi" })));
    });

    expect(outcome.error?.code).to.equal("unavailable");
    expect(outcome.error?.details).to.include({ reason: "ai-provider-error" });
    expect(outcome.error?.message).to.not.contain("exploded");
    const lines = output.split("\n").filter(Boolean);
    const failureLines = lines.filter((line) => line.includes("ai.providerFailed"));
    expect(failureLines).to.have.length(1);
    const entry = JSON.parse(failureLines[0]) as { errorMessage: string };
    expect(entry.errorMessage).to.contain("upstream exploded");
    expect(entry.errorMessage).to.not.match(/[\r\n]/);
    expect(entry.errorMessage.length).to.be.at.most(MAX_LOGGED_CHARS + 40);
    expect(entry.errorMessage).to.match(/more characters\]$/);
    // The whole line stays small too (JSON escaping of quotes may lengthen the field a little).
    expect(failureLines[0].length).to.be.lessThan(2 * MAX_LOGGED_CHARS);
    expect(lines.filter((line) => line.includes('"uid":"victim"') && !line.includes("ai.providerFailed"))).to.deep.equal([]);
  });
});
