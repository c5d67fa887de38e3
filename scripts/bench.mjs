#!/usr/bin/env node
// `npm run bench`: the benchmark scripts of bench/, in two `firebase emulators:exec` sessions
// (emulator output in .local/bench-emulators.log): the latency benchmarks on the plain
// emulators, then the operation costs with every Firestore client behind the counting proxy (a
// proxy hop would distort the latency figures). Benchmarks can be picked by name, as arguments
// (`npm run bench -- "user reconciler"`) or in BENCH="a,b"; only the sessions they need run.
import { runUnderEmulators } from "./lib/run-under-emulators.mjs";

const COSTS = "operation costs";
const names = [...(process.env.BENCH ?? "").split(","), ...process.argv.slice(2)].map((name) => name.trim()).filter(Boolean);
const BENCH = names.join(",");
// The counting proxy of bench/count/firestoreCounter.ts listens here; the functions emulator's
// workers inherit this variable and send their Firestore traffic through it (common/firebase.ts).
const proxyPort = 8070 + Number(process.env.PIXA_PORT_OFFSET ?? 0);

let code = 0;
if (!names.length || names.some((name) => name !== COSTS)) code = await runUnderEmulators("bench", "npx tsx bench/index.ts", { BENCH });
if (code === 0 && (!names.length || names.includes(COSTS))) {
  code = await runUnderEmulators("bench", "npx tsx bench/index.ts", { BENCH, PIXA_FIRESTORE_PROXY: `127.0.0.1:${proxyPort}` });
}
process.exit(code);
