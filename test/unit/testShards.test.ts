import { expect } from "chai";
import { expandSpecs, listTestFiles, mochaFailures, mochaTotals, runOrder, splitIntoShards } from "../../scripts/lib/test-shards.mjs";

describe("npm test's shards (scripts/lib/test-shards.mjs)", () => {
  it("puts every test file in exactly one shard", () => {
    const files = listTestFiles();
    expect(files).to.include("test/unit/testShards.test.ts");
    const shards = splitIntoShards(files, 3);
    const placed = shards.flatMap((shard) => shard.files);
    expect(placed).to.have.length(files.length);
    expect(new Set(placed)).to.deep.equal(new Set(files));
  });

  it("balances by measured seconds, longest first, and counts an unmeasured file as the median one (60 here)", () => {
    const measured = { "a.test.ts": 100, "b.test.ts": 60, "c.test.ts": 50, "d.test.ts": 10 };
    const shards = splitIntoShards(["a.test.ts", "b.test.ts", "c.test.ts", "d.test.ts", "new.test.ts"], 2, measured, 0);
    expect(shards.map((shard) => shard.files)).to.deep.equal([
      ["a.test.ts", "c.test.ts"],
      ["b.test.ts", "d.test.ts", "new.test.ts"],
    ]);
    expect(shards.map((shard) => shard.seconds)).to.deep.equal([150, 130]);
  });

  it("keeps a folder's files in one shard, and splits by file only a folder longer than one shard's share", () => {
    const measured = {
      "test/ai/a.test.ts": 30,
      "test/ai/b.test.ts": 30,
      "test/chat/c.test.ts": 40,
      "test/chat/d.test.ts": 5,
      "test/teams/e.test.ts": 60,
      "test/teams/f.test.ts": 50,
    };
    const shards = splitIntoShards(Object.keys(measured), 2, measured, 0);
    expect(shards.map((shard) => shard.files)).to.deep.equal([
      ["test/ai/a.test.ts", "test/ai/b.test.ts", "test/teams/f.test.ts"],
      ["test/chat/c.test.ts", "test/chat/d.test.ts", "test/teams/e.test.ts"],
    ]);
    expect(shards.map((shard) => shard.seconds)).to.deep.equal([110, 105]);
  });

  it("gives the sets that start later less to run, by the seconds they start later", () => {
    const measured = { "a.test.ts": 40, "b.test.ts": 30, "c.test.ts": 20, "d.test.ts": 10 };
    const files = Object.keys(measured);
    expect(splitIntoShards(files, 2, measured, 0).map((shard) => shard.seconds)).to.deep.equal([50, 50]);
    const shards = splitIntoShards(files, 2, measured, 20);
    expect(shards.map((shard) => shard.files)).to.deep.equal([
      ["a.test.ts", "c.test.ts"],
      ["b.test.ts", "d.test.ts"],
    ]);
    expect(shards.map((shard) => shard.seconds)).to.deep.equal([60, 40]);
  });

  it("runs each shard's rules files after its other files, each group in alphabetical order", () => {
    const files = ["test/b/x.rules.test.ts", "test/b/a.test.ts", "test/a/z.test.ts", "test/a/y.rules.test.ts"];
    expect(runOrder(files)).to.deep.equal(["test/a/z.test.ts", "test/b/a.test.ts", "test/a/y.rules.test.ts", "test/b/x.rules.test.ts"]);
    const [shard] = splitIntoShards(files, 1, {});
    expect(shard.files).to.deep.equal(runOrder(files));
    for (const { files: placed } of splitIntoShards(listTestFiles(), 2)) {
      const firstRules = placed.findIndex((file) => file.endsWith(".rules.test.ts"));
      expect(firstRules, "some rules file in each shard").to.be.greaterThan(0);
      expect(placed.slice(firstRules).every((file) => file.endsWith(".rules.test.ts"))).to.equal(true);
    }
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

  it("drops shards it has no file for", () => {
    expect(splitIntoShards(["only.test.ts"], 4, {})).to.have.length(1);
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
