import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  claimFile,
  expandSpecs,
  isRulesFile,
  listTestFiles,
  mochaFailures,
  mochaTotals,
  queueOrder,
  runOrder,
} from "../../scripts/lib/test-shards.mjs";

describe("npm test's queue of test files (scripts/lib/test-shards.mjs)", () => {
  it("queues every test file exactly once", () => {
    const files = listTestFiles();
    expect(files).to.include("test/unit/testShards.test.ts");
    const queue = queueOrder(files);
    expect(queue).to.have.length(files.length);
    expect(new Set(queue)).to.deep.equal(new Set(files));
  });

  it("queues the other files before the rules files, each longest first, an unmeasured file as the median one, ties alphabetical", () => {
    const measured = {
      "test/a/long.test.ts": 100,
      "test/b/mid.test.ts": 60,
      "test/a/short.test.ts": 10,
      "test/c/x.rules.test.ts": 5,
      "test/c/y.rules.test.ts": 200,
      "test/b/same.test.ts": 10,
    };
    const queue = queueOrder([...Object.keys(measured), "test/d/new.test.ts"], measured);
    expect(queue).to.deep.equal([
      "test/a/long.test.ts",
      "test/b/mid.test.ts",
      "test/d/new.test.ts",
      "test/a/short.test.ts",
      "test/b/same.test.ts",
      "test/c/y.rules.test.ts",
      "test/c/x.rules.test.ts",
    ]);
    expect(queueOrder(listTestFiles()).findIndex(isRulesFile)).to.equal(listTestFiles().filter((file) => !isRulesFile(file)).length);
  });

  it("gives each file of the queue to exactly one of several sets claiming at once, each set in the queue's order", async () => {
    const claims = mkdtempSync(join(tmpdir(), "pixa-claims-"));
    try {
      const taken: number[][] = [[], [], []];
      const take = async (set: number) => {
        for (let index = 0; index < 60; index += 1) {
          if (claimFile(claims, index)) taken[set].push(index);
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await Promise.all([take(0), take(1), take(2)]);
      expect(taken.flat().sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 60 }, (_, index) => index));
      for (const indexes of taken) expect(indexes).to.deep.equal([...indexes].sort((a, b) => a - b));
      expect(claimFile(claims, 0), "a file already taken").to.equal(false);
    } finally {
      rmSync(claims, { recursive: true, force: true });
    }
  });

  it("runs the files named on the command line with the rules files after the others, each group in alphabetical order", () => {
    const files = ["test/b/x.rules.test.ts", "test/b/a.test.ts", "test/a/z.test.ts", "test/a/y.rules.test.ts"];
    expect(runOrder(files)).to.deep.equal(["test/a/z.test.ts", "test/b/a.test.ts", "test/a/y.rules.test.ts", "test/b/x.rules.test.ts"]);
  });

  it("expands a folder named on the command line to its test files and passes other names through", () => {
    const expanded = expandSpecs(["test/unit", "test/chat/chat.test.ts", "test/**/none*.ts"]);
    expect(expanded).to.include.members([
      "test/unit/testShards.test.ts",
      "test/unit/lazyLoad.test.ts",
      "test/chat/chat.test.ts",
      "test/**/none*.ts",
    ]);
    expect(expanded.filter((file) => file.startsWith("test/unit/"))).to.deep.equal(
      listTestFiles().filter((file) => file.startsWith("test/unit/")),
    );
  });

  it("adds up mocha's summary lines, and reads a report without them as zero", () => {
    expect(mochaTotals("  ✔ a\n\n  980 passing (8m)\n  1 pending\n  2 failing\n")).to.deep.equal({ passing: 980, failing: 2, pending: 1 });
    expect(mochaTotals("Error: Cannot find module")).to.deep.equal({ passing: 0, failing: 0, pending: 0 });
  });

  it("cuts out mocha's failure section, and finds none in a report without failures", () => {
    const failure = "  1 failing\n\n  1) chat\n       sends:\n     AssertionError: expected 1 to equal 2\n      at Context.<anonymous>\n";
    expect(mochaFailures(`  ✔ a\n\n  979 passing (8m)\n${failure}\n\n`)).to.equal(failure.trimEnd());
    expect(mochaFailures("  ✔ a\n\n  980 passing (8m)\n")).to.equal("");
  });
});
