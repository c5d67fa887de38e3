import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const FUNCTIONS_DIR = join(__dirname, "..", "..", "functions");
const HEAVY = ["openai", "@google/genai", "@google-cloud/kms", "google-gax", "oauth4webapi"];

describe("unit: cold start stays light", () => {
  it("loads the built entry point without any AI SDK, KMS or the OAuth client", () => {
    const script = `require("./lib/index.js");console.log(JSON.stringify(Object.keys(require.cache)))`;
    const result = spawnSync(process.execPath, ["-e", script], { cwd: FUNCTIONS_DIR, encoding: "utf8" });
    expect(result.status, result.stderr).to.equal(0);
    const loaded: string[] = JSON.parse(result.stdout.trim().split("\n").pop() ?? "[]");
    expect(loaded.some((file) => file.includes(`${join("functions", "lib", "index.js")}`))).to.equal(true);
    for (const pkg of HEAVY) {
      const offenders = loaded.filter((file) => file.includes(`/node_modules/${pkg}/`));
      expect(offenders, `${pkg} was loaded at start-up`).to.deep.equal([]);
    }
  });
});
