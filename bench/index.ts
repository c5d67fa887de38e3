/**
 * `npm run bench`: prints each benchmark's figures. Runs inside `firebase emulators:exec`, so
 * benchmarks that need the emulators find them through the same helpers as the tests.
 * Each domain adds its benchmark module to BENCHES.
 */
import { discoverEmulators } from "../test/helpers/emulators.js";
import { run as chat } from "./chat.js";
import { run as ai } from "./ai.js";
import { run as clientBundle } from "./clientBundle.js";
import { run as coldStart } from "./coldStart.js";

const BENCHES: Array<{ name: string; run: () => Promise<void> }> = [
  { name: "cold start", run: coldStart },
  { name: "chat delivery", run: chat },
  { name: "ai proxy", run: ai },
  { name: "client bundle (@pixasocial/client)", run: clientBundle },
];

async function main() {
  await discoverEmulators(["auth", "firestore", "functions"]);
  for (const bench of BENCHES) {
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
