#!/usr/bin/env node
// `npm test`: every test (unit, rules, emulator) under one `firebase emulators:exec`.
// Extra arguments are passed to mocha, e.g. `npm test -- test/teams`.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./lib/emulator-env.mjs";
import { EMULATORS } from "./lib/emulators.mjs";

const specs = process.argv.slice(2);
const mocha = `npx mocha ${specs.length ? specs.map((s) => `'${s}'`).join(" ") : "'test/**/*.test.ts'"}`;
const child = spawn(process.execPath, [join(ROOT, "scripts", "firebase.mjs"), "emulators:exec", "--only", EMULATORS, mocha], {
  cwd: ROOT,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 1));
