// Splits the test files into shards of about equal duration, for `npm test`'s emulator sets
// running side by side (scripts/test.mjs), and adds up their mocha reports.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { ROOT } from "./emulator-env.mjs";

/**
 * Seconds each test file took, hooks included, in a whole `npm test` on these 2-core machines.
 * Every whole run writes its own figures to .local/test-durations.json;
 * `PIXA_SAVE_TEST_DURATIONS=1 npm test` saves them here. Only the balance between the shards depends on it: a file missing here still runs.
 */
export const DURATIONS_FILE = join(ROOT, "scripts", "lib", "test-durations.json");

/** How much later than the first set's the other sets' tests begin (see splitIntoShards). */
export const LATER_SET_START_SECONDS = 20;

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
 * The order one emulator set runs `files` in: alphabetical, with the rules files after the
 * others. The first rules test switches the background triggers off, and a later file that needs
 * them would switch them on again by reloading the functions (test/helpers/emulators.ts).
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
 * Splits `files` into `count` shards of about equal measured seconds (a file without a measured
 * duration counts as the median one); empty shards are dropped.
 *
 * The files of one folder stay together where that keeps the balance: a folder's files call the
 * same functions, and each emulator set's workers load a function's code on its first call there,
 * so a domain split over two sets loads it twice (a small cost since `npm test`'s workers serve
 * every function, docs/emulators.md). A folder longer than one shard's share is split by file.
 * Units (folders, or the files of a long folder) go longest first onto the shard with the least
 * time so far, counting for every shard but the first `laterStart` seconds: the other emulator
 * sets start once the first has loaded the functions (scripts/test.mjs), and their mocha began
 * about 20 s after the first's.
 */
export function splitIntoShards(files, count, measured = durations(), laterStart = LATER_SET_START_SECONDS) {
  const known = files.map((file) => measured[file]).filter((seconds) => typeof seconds === "number");
  const median = known.length ? known.sort((a, b) => a - b)[Math.floor(known.length / 2)] : 1;
  const weightOf = (file) => (typeof measured[file] === "number" ? measured[file] : median);
  const share = files.reduce((total, file) => total + weightOf(file), 0) / count;
  const folders = new Map();
  for (const file of files) folders.set(dirname(file), [...(folders.get(dirname(file)) ?? []), file]);
  const units = [...folders.values()].flatMap((folderFiles) => {
    const seconds = folderFiles.reduce((total, file) => total + weightOf(file), 0);
    return seconds > share ? folderFiles.map((file) => ({ files: [file], seconds: weightOf(file) })) : [{ files: folderFiles, seconds }];
  });
  const shards = Array.from({ length: count }, (_, index) => ({ files: [], seconds: 0, start: index ? laterStart : 0 }));
  for (const unit of units.sort((a, b) => b.seconds - a.seconds || a.files[0].localeCompare(b.files[0]))) {
    const end = (shard) => shard.start + shard.seconds;
    const lightest = shards.reduce((best, shard) => (end(shard) < end(best) ? shard : best));
    lightest.files.push(...unit.files);
    lightest.seconds += unit.seconds;
  }
  return shards.filter((shard) => shard.files.length).map(({ files, seconds }) => ({ files: runOrder(files), seconds }));
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
