import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { campaignPlatforms, rstLevels } from "../../functions/src/models/campaignEnums.js";

const rules = readFileSync(join(__dirname, "..", "..", "firestore.rules"), "utf8");

/** The string list returned by a no-argument rules function, e.g. `campaignPlatforms()`. */
function rulesList(name: string): string[] {
  const body = new RegExp(`function ${name}\\(\\) \\{\\s*return \\[([^\\]]*)\\];`).exec(rules);
  if (!body) throw new Error(`firestore.rules has no list function ${name}()`);
  return [...body[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

describe("campaign: the rules and the server agree on enums", () => {
  it("lists the same platform keys in firestore.rules and models/campaignEnums.ts", () => {
    expect(rulesList("campaignPlatforms")).to.deep.equal([...campaignPlatforms]);
  });

  it("lists the same RST levels in firestore.rules and models/campaignEnums.ts", () => {
    expect(rulesList("rstLevels")).to.deep.equal([...rstLevels]);
  });
});
