import { expect } from "chai";
import { assertProviderAvailable, availableProviders } from "../../functions/src/aiConfigs/providers.js";

describe("aiConfig: which providers are offered", () => {
  it("offers Mock in the emulator only", () => {
    expect(availableProviders(true)).to.include("Mock");
    expect(availableProviders(false)).not.to.include("Mock");
    expect(availableProviders(false)).to.include.members(["Gemini", "OpenAI", "OpenRouter", "Groq", "DeepSeek", "Mistral", "Ollama"]);
  });

  it("refuses Mock in production with invalid-argument naming the field", () => {
    expect(() => assertProviderAvailable("Mock", "configs.0.providerId", false))
      .to.throw(/configs\.0\.providerId: Mock is only available in the emulator/)
      .with.property("code", "invalid-argument");
    expect(() => assertProviderAvailable("Mock", "activeProvider", true)).not.to.throw();
    expect(() => assertProviderAvailable("OpenAI", "activeProvider", false)).not.to.throw();
  });
});
