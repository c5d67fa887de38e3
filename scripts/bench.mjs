#!/usr/bin/env node
// `npm run bench`: the benchmark scripts of bench/ under one `firebase emulators:exec`.
// Extra arguments pick benchmarks by name, e.g. `npm run bench -- "user reconciler"`.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./lib/emulator-env.mjs";
import { EMULATORS } from "./lib/emulators.mjs";

const names = process.argv.slice(2).map((name) => `'${name.replaceAll("'", "")}'`);
const command = ["npx tsx bench/index.ts", ...names].join(" ");
const child = spawn(process.execPath, [join(ROOT, "scripts", "firebase.mjs"), "emulators:exec", "--only", EMULATORS, command], {
  cwd: ROOT,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 1));
