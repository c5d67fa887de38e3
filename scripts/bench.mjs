#!/usr/bin/env node
// `npm run bench`: the benchmark scripts of bench/ under one `firebase emulators:exec`, with the
// emulators' output in .local/bench-emulators.log. Extra arguments pick benchmarks by name,
// e.g. `npm run bench -- "user reconciler"` (or BENCH="a,b").
import { runUnderEmulators } from "./lib/run-under-emulators.mjs";

// The counting proxy of bench/count/firestoreCounter.ts listens here; the functions emulator's
// workers inherit this variable and send their Firestore traffic through it (common/firebase.ts).
const proxyPort = 8070 + Number(process.env.PIXA_PORT_OFFSET ?? 0);
process.exit(await runUnderEmulators("bench", ["npx tsx bench/index.ts", ...process.argv.slice(2).map((name) => `'${name.replaceAll("'", "")}'`)].join(" "), { PIXA_FIRESTORE_PROXY: `127.0.0.1:${proxyPort}` }));
