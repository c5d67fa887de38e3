/**
 * `npm run bench`: prints each benchmark's figures. Runs inside `firebase emulators:exec`, so
 * benchmarks that need the emulators find them through the same helpers as the tests.
 * Each domain adds its benchmark module to BENCHES.
 */
import { discoverEmulators } from "../test/helpers/emulators.js";
import { run as chat } from "./chat.js";
import { run as ai } from "./ai.js";
import { run as coldStart } from "./coldStart.js";
import { run as tokenRotation } from "./tokenRotation.js";
import { run as connections } from "./connections.js";

const BENCHES: Array<{ name: string; run: () => Promise<void> }> = [
  { name: "cold start", run: coldStart },
  { name: "chat delivery", run: chat },
  { name: "ai proxy", run: ai },
  { name: "token rotation", run: tokenRotation },
  { name: "connections refresh sweep", run: connections },
];

/** `BENCH="token rotation" npm run bench` runs only the named benchmarks (comma-separated). */
const only = process.env.BENCH?.split(",").map((name) => name.trim());

async function main() {
  await discoverEmulators(["auth", "firestore", "functions", "storage"]);
  for (const bench of BENCHES.filter((b) => !only || only.includes(b.name))) {
    console.log(`\n## ${bench.name}`);
    await bench.run();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
