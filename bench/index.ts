/**
 * `npm run bench`: prints each benchmark's figures. Runs inside `firebase emulators:exec`, so
 * benchmarks that need the emulators find them through the same helpers as the tests.
 * Each domain adds its benchmark module to the list; `BENCH="<name>,<name>"` runs only those.
 *
 * Every Firestore client of the run (the bench's client apps and the functions) goes through
 * the counting proxy started first (scripts/bench.mjs names its address in PIXA_FIRESTORE_PROXY).
 */
import { adminDb } from "../test/helpers/admin.js";
import { discoverEmulators } from "../test/helpers/emulators.js";
import { run as chat } from "./chat.js";
import { run as ai } from "./ai.js";
import { run as coldStart } from "./coldStart.js";
import { run as tokenRotation } from "./tokenRotation.js";
import { run as connections } from "./connections.js";
import { FirestoreCounter } from "./count/firestoreCounter.js";
import { InvocationCounter } from "./count/invocations.js";
import { run as operations } from "./operations.js";
import { run as identity } from "./identity.js";

/**
 * Only the named benchmarks, when any are named: `BENCH="token rotation,cold start" npm run bench`
 * or `npm run bench -- "user reconciler"`.
 */
const named = [...(process.env.BENCH?.split(",") ?? []), ...process.argv.slice(2)].map((name) => name.trim()).filter(Boolean);
const only = named.length ? named : null;

async function main() {
  await discoverEmulators(["auth", "firestore", "functions", "storage"]);
  const proxy = process.env.PIXA_FIRESTORE_PROXY;
  const emulator = process.env.FIRESTORE_EMULATOR_HOST;
  if (!proxy || !emulator) throw new Error("PIXA_FIRESTORE_PROXY is not set: run the benchmarks with `npm run bench`.");
  const firestore = await FirestoreCounter.start(emulator, Number(proxy.split(":").pop()));
  // The bench's own Admin SDK stays on the emulator itself (set-up is not counted); its
  // client apps, created after this, connect through the proxy.
  adminDb();
  process.env.FIRESTORE_EMULATOR_HOST = proxy;
  const functions = await InvocationCounter.start();

  const benches: Array<{ name: string; run: () => Promise<void> }> = [
    { name: "operation costs", run: () => operations(firestore, functions, emulator) },
    { name: "cold start", run: coldStart },
    { name: "chat delivery", run: chat },
    { name: "ai proxy", run: ai },
    { name: "token rotation", run: tokenRotation },
    { name: "connections refresh sweep", run: connections },
    { name: "user reconciler", run: identity },
  ];
  try {
    for (const bench of benches) {
      if (only && !only.includes(bench.name)) continue;
      console.log(`\n## ${bench.name}`);
      await bench.run();
    }
    console.log(`\n(counting proxy: ${firestore.resentDocuments} unchanged documents re-sent to listeners by the emulator, not counted as reads)`);
    if (firestore.undecodedMessages) console.log(`\n(counting proxy: ${firestore.undecodedMessages} messages could not be decoded)`);
  } catch (error) {
    console.error(error);
    throw error;
  } finally {
    functions.close();
    await firestore.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
