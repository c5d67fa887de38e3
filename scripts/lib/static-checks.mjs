// The type-check and lint of `npm test` (`npm run typecheck`, `npm run lint`), run beside the
// emulator sets rather than before them: the sets spend their first half minute starting JVMs and
// loading functions, time the checks can use on 2 cores (docs/emulators.md).
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { ROOT } from "./emulator-env.mjs";

/** Starts the checks; resolves with their exit code, their output and the seconds they took. */
export function runStaticChecks() {
  const started = Date.now();
  const child = spawn("npm run --silent typecheck && npm run --silent lint", { cwd: ROOT, shell: true, stdio: ["ignore", "pipe", "pipe"] });
  // Below the emulators and mocha in the scheduler: on 2 cores the checks then run in the gaps the
  // tests leave instead of beside the sets' start-up (docs/emulators.md). Their children inherit it.
  try {
    setPriority(child.pid, 10);
  } catch {
    // a platform without priorities runs them as they are
  }
  const chunks = [];
  child.stdout.on("data", (chunk) => chunks.push(chunk));
  child.stderr.on("data", (chunk) => chunks.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (code, signal) =>
      resolve({
        code: code ?? (signal ? 1 : 0),
        output: Buffer.concat(chunks).toString("utf8"),
        seconds: Math.round((Date.now() - started) / 1000),
      }),
    );
  });
}

/** Prints the checks' outcome: one line when they pass, their whole output when they fail. */
export function reportStaticChecks({ code, output, seconds }) {
  if (code === 0) console.log(`[pixasocial] type-check and lint passed (${seconds} s)`);
  else console.error(`\n[pixasocial] type-check or lint failed (exit code ${code}):\n${output}`);
}
