import { expect } from "chai";
import { logError, logInfo, redact, redactText } from "../../functions/src/common/logs.js";
import { captureOutput } from "../helpers/captureOutput.js";

describe("unit: logs never carry a secret", () => {
  const openAiKey = "sk-proj-Abcdefghijklmnop1234567890";
  const geminiKey = "AIzaSyA1234567890abcdefghijklmnopqrstuv";
  const groqKey = "gsk_abcdefghijklmnopqrstuvwxyz0123";

  it("redacts credential-looking values whatever their field is called", () => {
    const out = redact({ note: `key ${openAiKey}`, list: [geminiKey], nested: { header: `Bearer ${groqKey}` }, count: 2 });
    const text = JSON.stringify(out);
    for (const key of [openAiKey, geminiKey, groqKey]) expect(text).not.to.contain(key);
    expect(out.count).to.equal(2);
  });

  it("redacts keys inside free text and leaves ordinary text alone", () => {
    expect(redactText(`Incorrect API key provided: ${openAiKey}.`)).to.equal("Incorrect API key provided: [redacted].");
    expect(redactText("The sk- prefix and short sk-123 are fine")).to.equal("The sk- prefix and short sk-123 are fine");
  });

  it("writes no key to the log output, from fields or from an SDK error message", async () => {
    const output = await captureOutput(() => {
      logInfo("test.info", { apiKey: openAiKey, provider: "OpenAI", detail: geminiKey });
      logError("test.error", new Error(`401 Incorrect API key provided: ${openAiKey}`), { uid: "u1" });
    });
    expect(output).to.contain("test.info").and.to.contain("test.error");
    for (const key of [openAiKey, geminiKey]) expect(output).not.to.contain(key);
  });
});
