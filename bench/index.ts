/**
 * `npm run bench`: prints each benchmark's figures. Runs inside `firebase emulators:exec`, so
 * benchmarks that need the emulators find them through the same helpers as the tests.
 * Each domain adds its benchmark module to the list in main(). `BENCH="<name>,<name>"` (or the
 * names as arguments of `npm run bench --`) runs only those.
 */
import { adminDb } from "../test/helpers/admin.js";
import { discoverEmulators } from "../test/helpers/emulators.js";
import { run as chat } from "./chat.js";
import { run as ai } from "./ai.js";
import { run as clientBundle } from "./clientBundle.js";
import { run as coldStart } from "./coldStart.js";
import { FirestoreCounter } from "./count/firestoreCounter.js";
import { InvocationCounter } from "./count/invocations.js";
import { run as operations } from "./operations.js";
import { run as tokenRotation } from "./tokenRotation.js";
import { run as connections } from "./connections.js";
import { run as identity } from "./identity.js";
import { run as publishing } from "./publishing.js";

const COSTS = "operation costs";

/** The benchmarks named in BENCH (comma-separated); `only` is null when none are named (run all). */
const named = (process.env.BENCH ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean);
const only = named.length ? named : null;

/** The operation costs, with every Firestore client of the run behind the counting proxy. */
async function costs(proxy: string): Promise<void> {
  const emulator = process.env.FIRESTORE_EMULATOR_HOST;
  if (!emulator) throw new Error("FIRESTORE_EMULATOR_HOST is not set: run the benchmarks with `npm run bench`.");
  const firestore = await FirestoreCounter.start(emulator, Number(proxy.split(":").pop()));
  // The bench's own Admin SDK stays on the emulator itself (set-up is not counted); its
  // client apps, created after this, connect through the proxy.
  adminDb();
  process.env.FIRESTORE_EMULATOR_HOST = proxy;
  const functions = await InvocationCounter.start();
  try {
    console.log(`\n## ${COSTS}`);
    await operations(firestore, functions, emulator);
    console.log(
      `\n(counting proxy: ${firestore.resentDocuments} unchanged documents re-sent to listeners by the emulator, not counted as reads)`,
    );
    if (firestore.undecodedMessages) console.log(`(counting proxy: ${firestore.undecodedMessages} messages could not be decoded)`);
  } finally {
    functions.close();
    await firestore.close();
  }
}

/**
 * scripts/bench.mjs runs this twice: without PIXA_FIRESTORE_PROXY for the latency benchmarks,
 * and with it for the operation costs alone.
 */
async function main() {
  await discoverEmulators(["auth", "firestore", "functions", "storage"]);
  const proxy = process.env.PIXA_FIRESTORE_PROXY;
  if (proxy) return costs(proxy);
  const benches: Array<{ name: string; run: () => Promise<void> }> = [
    { name: "cold start", run: coldStart },
    { name: "chat delivery", run: chat },
    { name: "ai proxy", run: ai },
    { name: "token rotation", run: tokenRotation },
    { name: "connections refresh sweep", run: connections },
    { name: "user reconciler", run: identity },
    { name: "publishing lateness", run: publishing },
    { name: "client bundle (@pixasocial/client)", run: clientBundle },
  ];
  for (const bench of benches) {
    if (only && !only.includes(bench.name)) continue;
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
