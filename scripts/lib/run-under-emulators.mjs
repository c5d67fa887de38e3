// Runs one shell command under `firebase emulators:exec` with the emulators' own output sent to
// a log file, so that the terminal shows the command's report (mocha's, the benchmarks') and
// not thousands of emulator lines. PIXA_VERBOSE=1 shows both, interleaved, as before.
import { spawn } from "node:child_process";
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LOCAL_DIR, ROOT } from "./emulator-env.mjs";
import { EMULATORS } from "./emulators.mjs";

const POLL_MS = 200;

/** Copies what was appended to `file` since `offset` to stdout; returns the new offset. */
async function forward(file, offset) {
  if (!existsSync(file)) return offset;
  const size = statSync(file).size;
  if (size <= offset) return offset;
  await new Promise((resolve, reject) => {
    const stream = createReadStream(file, { start: offset, end: size - 1 });
    stream.on("data", (chunk) => process.stdout.write(chunk));
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  return size;
}

function lastLines(file, count) {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").split("\n").slice(-count).join("\n");
}

/** Where a run's emulators write their output. */
export const emulatorLogPath = (name) => join(LOCAL_DIR, `${name}-emulators.log`);
/** Where a run's command writes its report (mocha's, the benchmarks'). */
export const reportPath = (name) => join(LOCAL_DIR, `${name}-report.log`);

/**
 * `command` runs inside `emulators:exec` with its stdout and stderr written to a report file
 * (`.local/<name>-report.log`) that this process copies to the terminal as it grows, unless
 * `live` is false (several runs at once: the caller prints each report when it ends); the
 * emulators (`only`, default EMULATORS) write to `.local/<name>-emulators.log`; `env` is added
 * to the environment of both.
 * Resolves with the exit code.
 */
export async function runUnderEmulators(name, command, env = {}, { live = true, only = EMULATORS } = {}) {
  const verbose = process.env.PIXA_VERBOSE === "1" && live;
  mkdirSync(LOCAL_DIR, { recursive: true });
  const emulatorLog = emulatorLogPath(name);
  const report = reportPath(name);
  writeFileSync(report, "");
  const script = verbose ? command : `${command} > '${report}' 2>&1`;
  const logFd = verbose ? null : openSync(emulatorLog, "w");
  const child = spawn(process.execPath, [join(ROOT, "scripts", "firebase.mjs"), "emulators:exec", "--only", only, script], {
    cwd: ROOT,
    stdio: verbose ? "inherit" : ["ignore", logFd, logFd],
    env: { ...process.env, ...env, ...(process.stdout.isTTY && { FORCE_COLOR: "1", MOCHA_COLORS: "1" }) },
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  if (!verbose && live) console.log(`[pixasocial] emulators starting (their output: ${relative(ROOT, emulatorLog)})`);

  let offset = 0;
  let done = false;
  const exit = new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  exit.then(() => (done = true));
  while (!verbose && live && !done) {
    offset = await forward(report, offset);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const code = await exit;
  if (verbose) return code;
  closeSync(logFd);
  if (live) await forward(report, offset);
  if (code !== 0) {
    console.error(`\n[pixasocial] exit code ${code}. The emulators' output is in ${relative(ROOT, emulatorLog)}; its last lines:\n`);
    console.error(lastLines(emulatorLog, 40));
  }
  return code;
}
