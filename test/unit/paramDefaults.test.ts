import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureParamDefaults } from "../../scripts/lib/local-secrets.mjs";

/** The lines of an env file as name → value. */
function envOf(file: string): Map<string, string> {
  const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
  return new Map(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

describe("unit: the params' defaults npm test writes before its emulator sets start (scripts/lib/local-secrets.mjs)", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "pixa-env-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("adds the default of every declared param the file does not set, keeps what it sets, and adds no secret", () => {
    const file = join(dir, ".env.local");
    writeFileSync(file, "LOCAL_ENCRYPTION_KEY=key\nREGION=europe-west1");
    ensureParamDefaults(file);
    const env = envOf(file);
    expect(env.get("LOCAL_ENCRYPTION_KEY")).to.equal("key");
    expect(env.get("REGION"), "a value already set").to.equal("europe-west1");
    expect(env.get("ENFORCE_APP_CHECK")).to.equal("false");
    expect(env.get("INVITATION_TTL_DAYS")).to.equal("7");
    expect(env.get("KMS_KEY_NAME"), "an empty default").to.equal("");
    expect(env.get("PUBLISH_MAX_DISPATCHES_PER_SECOND")).to.equal("500");
    expect(env.has("GEMINI_API_KEY"), "a secret").to.equal(false);
    expect(env.has("X_CLIENT_SECRET"), "a secret").to.equal(false);
    expect(
      readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.startsWith("REGION=")),
    ).to.have.length(1);
  });

  it("changes nothing the second time", () => {
    const file = join(dir, ".env.local");
    ensureParamDefaults(file);
    const first = readFileSync(file, "utf8");
    ensureParamDefaults(file);
    expect(readFileSync(file, "utf8")).to.equal(first);
  });
});
