// `npm run build`: the functions (functions/lib, what the emulators and `firebase deploy` load) and
// the client package (client/dist), side by side: neither reads the other's output. Both run
// TypeScript 7's native compiler (docs/emulators.md), about 4 s and 1.5 s here one after the other.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./emulator-env.mjs";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const STEPS = [
  { name: "functions", command: npm, args: ["run", "--silent", "build", "--prefix", "functions"] },
  { name: "client", command: process.execPath, args: [join(ROOT, "client", "build.mjs")] },
];

/** Runs one step with its output collected; resolves with its exit code and output. */
function runStep({ name, command, args }) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const chunks = [];
  child.stdout.on("data", (chunk) => chunks.push(chunk));
  child.stderr.on("data", (chunk) => chunks.push(chunk));
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ name, code: 1, output: String(error) }));
    child.on("close", (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString("utf8") }));
  });
}

/**
 * Builds the functions and the client package at once. Resolves with the exit code (0 when both
 * built), the failed steps' output, and the seconds taken.
 */
export async function build() {
  const started = Date.now();
  const steps = await Promise.all(STEPS.map(runStep));
  const failed = steps.filter((step) => step.code !== 0);
  return {
    code: failed.length ? 1 : 0,
    output: failed.map((step) => `[${step.name}]\n${step.output}`).join("\n"),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}
