#!/usr/bin/env node
// `npm run bench`: the benchmark scripts of bench/, in two `firebase emulators:exec` sessions:
// the latency benchmarks on the plain emulators, then the operation costs with every Firestore
// client behind the counting proxy (a proxy hop would distort the latency figures).
// `PIXA_BENCH_ONLY=<name>` runs one benchmark, and only the session it needs.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./lib/emulator-env.mjs";
import { EMULATORS } from "./lib/emulators.mjs";

const COSTS = "operation costs";
// The counting proxy of bench/count/firestoreCounter.ts listens here; the functions emulator's
// workers inherit this variable and send their Firestore traffic through it (common/firebase.ts).
const proxyPort = 8070 + Number(process.env.PIXA_PORT_OFFSET ?? 0);
let child = null;
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child?.kill(signal));

function session(env) {
  return new Promise((resolve) => {
    child = spawn(process.execPath, [join(ROOT, "scripts", "firebase.mjs"), "emulators:exec", "--only", EMULATORS, "npx tsx bench/index.ts"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, ...env },
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const only = process.env.PIXA_BENCH_ONLY;
let code = 0;
if (only !== COSTS) code = await session({});
if (code === 0 && (!only || only === COSTS)) code = await session({ PIXA_FIRESTORE_PROXY: `127.0.0.1:${proxyPort}` });
process.exit(code);
