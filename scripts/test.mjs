#!/usr/bin/env node
// `npm test`: builds the functions and the client package, runs every test file (unit, rules,
// emulator) under `firebase emulators:exec`, with the emulators' output in .local/, and the
// type-check and lint beside them (scripts/lib/static-checks.mjs).
// Extra arguments are passed to mocha as the files to run, e.g. `npm test -- test/teams`: those
// run under one emulator set, folders expanded and the rules files last (scripts/lib/test-shards.mjs).
//
// The whole suite runs on PIXA_TEST_SHARDS (default 3) emulator sets side by side, each on its
// own ports (PIXA_PORT_OFFSET + 10 × set) and with its own data. The sets take the test files from
// one queue, longest first by their measured durations (scripts/lib/test-shards.mjs `queueOrder`,
// scripts/lib/test-queue-runner.mjs): a set that is free takes the next file, so the sets end close
// together however long each file takes this time. Each set's mocha report is printed when it
// ends, then the failures of every failed set again, the totals, and the outcome of the
// type-check and lint.
//
// The build runs while the emulator sets start: firebase-tools reads the functions only after every
// emulator has started, and each set's functions emulator waits for the build's outcome in
// `.local/functions-built` before it does (scripts/lib/await-functions-build.cjs).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "./lib/build.mjs";
import { emulatorEnv, LOCAL_DIR, ROOT } from "./lib/emulator-env.mjs";
import { ensureLocalSecrets, ensureParamDefaults } from "./lib/local-secrets.mjs";
import { TEST_EMULATORS } from "./lib/emulators.mjs";
import { emulatorLogPath, reportPath, runUnderEmulators } from "./lib/run-under-emulators.mjs";
import { reportStaticChecks, runStaticChecks } from "./lib/static-checks.mjs";
import { DURATIONS_FILE, expandSpecs, listTestFiles, mochaFailures, mochaTotals, queueOrder, runOrder } from "./lib/test-shards.mjs";

const quote = (path) => `'${path}'`;
const REPORTER = "scripts/lib/file-durations-reporter.cjs";
const mocha = (files) => `npx mocha --reporter ${REPORTER} ${files.map(quote).join(" ")}`;

/**
 * What the emulators run with under `npm test` (a value already in the environment wins).
 * - At most 8 function executions at once per emulator set (firebase-tools' default: 50). An
 *   execution that finds no idle worker starts a new one, about 1.3 s of CPU each on these
 *   machines, and a worker is never stopped before the run ends: bursts of 50 calls or storage
 *   events started dozens. No test holds more than 4 executions open while it waits
 *   (test/ai/credits.test.ts holds 3 calls and makes a 4th), so the limit cannot stall one; the
 *   50-call credits test sends its calls at once and 8 of them run at any moment.
 * - Workers that serve every function instead of one each (scripts/lib/shared-function-workers.cjs):
 *   whole runs started 21–22 workers instead of 112–140 (docs/emulators.md).
 * - Background triggers switched on again in place after a clear between tests instead of by
 *   reloading the functions (scripts/lib/quick-trigger-switch.cjs), so every clear runs with them
 *   off: a whole run's function executions 4,303 → 3,597 (docs/emulators.md).
 * - Workers that do not load firebase-tools' deploy and extensions code, which they never use
 *   (scripts/lib/lean-function-workers.cjs): about 0.6 s of CPU less per worker (docs/emulators.md).
 * - The emulators' JVMs compile with C1 only and collect with the serial collector: for a run
 *   this short that used about 20% less of their CPU (docs/emulators.md).
 * - The emulators' HTTP servers keep idle connections 65 s, longer than their clients do, so that no
 *   request goes out on a connection the server is closing ("socket hang up"; the preload).
 * - The functions emulator reads the functions once the build beside the start-up says so
 *   (`BUILT_MARKER`), and does not ask the npm registry for the newest firebase-functions first
 *   (scripts/lib/firebase-tools-preload.cjs).
 */
const BUILT_MARKER = join(LOCAL_DIR, "functions-built");
const TEST_EMULATOR_ENV = {
  FUNCTIONS_EMULATOR_PARALLEL: process.env.FUNCTIONS_EMULATOR_PARALLEL ?? "8",
  PIXA_SHARED_FUNCTION_WORKERS: process.env.PIXA_SHARED_FUNCTION_WORKERS ?? "1",
  PIXA_QUICK_TRIGGER_SWITCH: process.env.PIXA_QUICK_TRIGGER_SWITCH ?? "1",
  PIXA_LEAN_FUNCTION_WORKERS: process.env.PIXA_LEAN_FUNCTION_WORKERS ?? "1",
  JAVA_TOOL_OPTIONS: process.env.JAVA_TOOL_OPTIONS ?? "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
  PIXA_FUNCTIONS_BUILT: BUILT_MARKER,
  PIXA_NO_SDK_UPDATE_CHECK: process.env.PIXA_NO_SDK_UPDATE_CHECK ?? "1",
  PIXA_LONG_KEEP_ALIVE: process.env.PIXA_LONG_KEEP_ALIVE ?? "1",
};

const specs = process.argv.slice(2);
const setCount = Math.max(1, Number(process.env.PIXA_TEST_SHARDS ?? 3));

mkdirSync(LOCAL_DIR, { recursive: true });
rmSync(BUILT_MARKER, { force: true });
/**
 * The build, then the params' defaults written to functions/.env.local from the built functions
 * (so that no set writes them, which lets them all start at once), then the marker the sets'
 * functions emulators wait for. Resolves with the build's outcome.
 */
const built = build().then((outcome) => {
  try {
    if (outcome.code === 0) ensureParamDefaults();
  } catch (error) {
    // The sets must hear of it rather than wait for a marker that never comes.
    outcome = { ...outcome, code: 1, output: `writing the params' defaults failed: ${error?.stack ?? error}` };
  }
  writeFileSync(BUILT_MARKER, outcome.code === 0 ? "built" : "failed");
  return outcome;
});
/** Exits with the build's errors when it failed (the sets stopped without loading the functions). */
async function exitIfBuildFailed() {
  const outcome = await built;
  if (outcome.code === 0) return;
  console.error(`\n[pixasocial] the build failed; no test ran:\n${outcome.output}`);
  process.exit(1);
}

// Prepared once here, while the build runs (on a fresh checkout this compiles the Storage rules
// runtime, about 4 s), so that the sets do not race to build the emulator launchers or secrets.
emulatorEnv();
ensureLocalSecrets();

// Printed after the tests' reports, not when they end (usually first): a failed check's output
// then stands at the end of the log with the failed tests, where a CI log's tail shows it.
const checks = runStaticChecks();
/** Prints the checks' outcome and resolves with their exit code. */
const reportedChecks = async () => {
  const outcome = await checks;
  reportStaticChecks(outcome);
  return outcome.code;
};
if (specs.length) {
  const code = await runUnderEmulators("test", mocha(runOrder(expandSpecs(specs))), TEST_EMULATOR_ENV, { only: TEST_EMULATORS });
  await exitIfBuildFailed();
  const checksCode = await reportedChecks();
  process.exit(code || checksCode);
}

const baseOffset = Number(process.env.PIXA_PORT_OFFSET ?? 0);
const files = queueOrder(listTestFiles());
const queueFile = join(LOCAL_DIR, "test-queue.json");
const claimsDir = join(LOCAL_DIR, "test-queue-claims");
rmSync(claimsDir, { recursive: true, force: true });
mkdirSync(claimsDir, { recursive: true });
writeFileSync(queueFile, JSON.stringify(files));
const queueRunner = `node --import=tsx scripts/lib/test-queue-runner.mjs ${quote(relative(ROOT, queueFile))} ${quote(relative(ROOT, claimsDir))}`;
const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
console.log(`[pixasocial] ${setCount} emulator set(s) side by side, taking ${files.length} test files from one queue`);

async function runSet(index) {
  const name = `test-${index + 1}`;
  const durationsOut = join(LOCAL_DIR, `${name}-durations.json`);
  rmSync(durationsOut, { force: true });
  const env = { ...TEST_EMULATOR_ENV, PIXA_PORT_OFFSET: String(baseOffset + 10 * index), PIXA_TEST_DURATIONS_OUT: durationsOut };
  const code = await runUnderEmulators(name, queueRunner, env, { live: setCount === 1, only: TEST_EMULATORS });
  const report = readFileSync(reportPath(name), "utf8");
  const durations = existsSync(durationsOut) ? JSON.parse(readFileSync(durationsOut, "utf8")) : {};
  if (setCount > 1) {
    const log = relative(ROOT, emulatorLogPath(name));
    const ran = Object.keys(durations).length;
    console.log(
      `\n[pixasocial] set ${index + 1}/${setCount}: ${ran} files, exit code ${code}, ended at ${elapsed()}; emulators' output: ${log}`,
    );
    console.log(report);
  }
  return { code, report, totals: mochaTotals(report), durations };
}

const results = await Promise.all(Array.from({ length: setCount }, (_, index) => runSet(index)));
await exitIfBuildFailed();
const sum = (key) => results.reduce((total, result) => total + result.totals[key], 0);
results.forEach((result, index) => {
  if (result.code === 0) return;
  const failures = mochaFailures(result.report);
  const lastLines = result.report.trimEnd().split("\n").slice(-30).join("\n");
  console.log(
    `\n[pixasocial] set ${index + 1} failed (exit code ${result.code}); ${failures ? "its failures again" : "the end of its output"}:`,
  );
  console.log(failures || lastLines);
});
const unclaimed = files.filter((_, index) => !existsSync(join(claimsDir, String(index))));
if (unclaimed.length) console.log(`[pixasocial] test files no set took (a set ended early): ${unclaimed.join(", ")}`);
console.log(`[pixasocial] all sets: ${sum("passing")} passing, ${sum("failing")} failing, ${sum("pending")} pending, in ${elapsed()}`);

const durations = Object.fromEntries(results.flatMap((result) => Object.entries(result.durations)).sort(([a], [b]) => a.localeCompare(b)));
const durationsJson = `${JSON.stringify(durations, null, 2)}\n`;
writeFileSync(join(LOCAL_DIR, "test-durations.json"), durationsJson);
if (process.env.PIXA_SAVE_TEST_DURATIONS === "1") writeFileSync(DURATIONS_FILE, durationsJson);
const checksCode = await reportedChecks();
process.exit(results.some((result) => result.code !== 0) || unclaimed.length || checksCode !== 0 ? 1 : 0);
