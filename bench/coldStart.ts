/**
 * Cold start: the time a fresh Node process needs to load the built functions entry point,
 * beside the time to load `firebase-functions` alone (the floor every function pays).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { figure, percentile } from "./stats.js";

const FUNCTIONS_DIR = join(__dirname, "..", "functions");
const RUNS = 15;

function loadTimeMs(modulePath: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: FUNCTIONS_DIR, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`loading ${modulePath} failed: ${result.stderr}`);
  return Number(result.stdout.trim().split("\n").pop());
}

export async function run(): Promise<void> {
  const entry: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    entry.push(loadTimeMs(join(FUNCTIONS_DIR, "lib", "index.js")));
    floor.push(loadTimeMs("firebase-functions/v2/https"));
  }
  figure(`load functions/lib/index.js, p50 of ${RUNS}`, percentile(entry, 50), "ms");
  figure(`load firebase-functions alone, p50 of ${RUNS}`, percentile(floor, 50), "ms");
  figure(`load functions/lib/index.js, p95`, percentile(entry, 95), "ms");
  figure(`load firebase-functions alone, p95`, percentile(floor, 95), "ms");
}
