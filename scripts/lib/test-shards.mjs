// The test files of `npm test` and the order its emulator sets take them in (scripts/test.mjs),
// and the totals and failures of their mocha reports.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "./emulator-env.mjs";

/**
 * Seconds each test file took, hooks included, in a whole `npm test` on these 2-core machines.
 * Every whole run writes its own figures to .local/test-durations.json;
 * `PIXA_SAVE_TEST_DURATIONS=1 npm test` saves them here. Only the queue's order depends on it: a file missing here still runs.
 */
export const DURATIONS_FILE = join(ROOT, "scripts", "lib", "test-durations.json");

/** Every `*.test.ts` below test/, as paths from the repository root. */
export function listTestFiles(dir = join(ROOT, "test")) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listTestFiles(path);
      return entry.name.endsWith(".test.ts") ? [relative(ROOT, path)] : [];
    })
    .sort();
}

/** A security-rules test file: run with the background triggers off (test/helpers/rules.ts). */
export const isRulesFile = (file) => file.endsWith(".rules.test.ts");

/**
 * The order `npm test -- <files>` runs `files` in: alphabetical, with the rules files after the
 * others. The first rules test switches the background triggers off, and a later file that needs
 * them would switch them on again, outside `npm test` by reloading the functions
 * (test/helpers/emulators.ts).
 */
export function runOrder(files) {
  return [...files].sort((a, b) => Number(isRulesFile(a)) - Number(isRulesFile(b)) || a.localeCompare(b));
}

/**
 * The test files `specs` name (`npm test -- test/chat test/ai/credits.test.ts`): a folder stands
 * for its `*.test.ts` files; anything else (a file, a glob) is passed to mocha as it is.
 */
export function expandSpecs(specs) {
  return specs.flatMap((spec) => {
    const path = join(ROOT, spec);
    return existsSync(path) && statSync(path).isDirectory() ? listTestFiles(path) : [spec];
  });
}

function durations() {
  return existsSync(DURATIONS_FILE) ? JSON.parse(readFileSync(DURATIONS_FILE, "utf8")) : {};
}

/**
 * The order the emulator sets of a whole run take `files` from their shared queue
 * (scripts/lib/test-queue-runner.mjs): the other files before the rules files (see `runOrder`;
 * a set takes the queue's files in order, so it never takes another file after a rules file),
 * each group longest first by measured seconds (a file without a measured duration counts as the
 * median one), ties alphabetical. Longest first, the sets end close together: whichever set is
 * free takes the next file, and the last ones are the shortest.
 */
export function queueOrder(files, measured = durations()) {
  const known = files.map((file) => measured[file]).filter((seconds) => typeof seconds === "number");
  const median = known.length ? known.sort((a, b) => a - b)[Math.floor(known.length / 2)] : 1;
  const weightOf = (file) => (typeof measured[file] === "number" ? measured[file] : median);
  return [...files].sort((a, b) => Number(isRulesFile(a)) - Number(isRulesFile(b)) || weightOf(b) - weightOf(a) || a.localeCompare(b));
}

/**
 * Takes the queue's file at `index` for this emulator set: true when this set created the claim
 * `<claimsDir>/<index>`, false when another set had (creating a directory is atomic: one of two
 * sets asking at once gets it).
 */
export function claimFile(claimsDir, index) {
  try {
    mkdirSync(join(claimsDir, String(index)));
    return true;
  } catch (error) {
    if (error.code === "EEXIST") return false;
    throw error;
  }
}

/** The counts of mocha's spec-reporter summary ("980 passing", "2 failing", "1 pending"). */
export function mochaTotals(report) {
  const count = (word) => Number(new RegExp(`^\\s*(\\d+) ${word}`, "m").exec(report)?.[1] ?? 0);
  return { passing: count("passing"), failing: count("failing"), pending: count("pending") };
}

/**
 * Mocha's failure section of a spec report: from the "N failing" line to the end, with each
 * failure's title, error and stack; "" when nothing failed. The sets' reports are printed one after
 * another, so a failure can sit thousands of lines above the end of a long log; scripts/test.mjs
 * prints these sections again, last.
 */
export function mochaFailures(report) {
  const start = /^\s*\d+ failing/m.exec(report);
  return start ? report.slice(start.index).trimEnd() : "";
}
