#!/usr/bin/env node
// `npm run bench`: the benchmark scripts of bench/ under one `firebase emulators:exec`.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./lib/emulator-env.mjs";
import { EMULATORS } from "./lib/emulators.mjs";

// The counting proxy of bench/count/firestoreCounter.ts listens here; the functions emulator's
// workers inherit this variable and send their Firestore traffic through it (common/firebase.ts).
const proxyPort = 8070 + Number(process.env.PIXA_PORT_OFFSET ?? 0);
const child = spawn(process.execPath, [join(ROOT, "scripts", "firebase.mjs"), "emulators:exec", "--only", EMULATORS, "npx tsx bench/index.ts"], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, PIXA_FIRESTORE_PROXY: `127.0.0.1:${proxyPort}` },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 1));
