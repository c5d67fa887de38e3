/**
 * `npm run bench`: prints each benchmark's figures. Runs inside `firebase emulators:exec`, so
 * benchmarks that need the emulators find them through the same helpers as the tests.
 * Each domain adds its benchmark module to BENCHES. Names given as arguments run only those.
 */
import { discoverEmulators } from "../test/helpers/emulators.js";
import { run as chat } from "./chat.js";
import { run as ai } from "./ai.js";
import { run as coldStart } from "./coldStart.js";
import { run as identity } from "./identity.js";

const BENCHES: Array<{ name: string; run: () => Promise<void> }> = [
  { name: "cold start", run: coldStart },
  { name: "chat delivery", run: chat },
  { name: "ai proxy", run: ai },
  { name: "user reconciler", run: identity },
];

async function main() {
  await discoverEmulators(["auth", "firestore", "functions"]);
  const only = process.argv.slice(2);
  for (const bench of BENCHES.filter((b) => !only.length || only.includes(b.name))) {
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
