#!/usr/bin/env node
// Runs the project's firebase-tools with the offline emulator environment prepared
// (scripts/lib/emulator-env.mjs). Usage: node scripts/firebase.mjs <firebase args...>
// PIXA_PORT_OFFSET=N moves every emulator port by N so that checkouts can run side by side.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { configWithPortOffset, emulatorEnv, PROJECT_ID, ROOT } from "./lib/emulator-env.mjs";
import { ensureLocalSecrets } from "./lib/local-secrets.mjs";

const args = process.argv.slice(2);
const env = emulatorEnv();
ensureLocalSecrets();
const offset = Number(process.env.PIXA_PORT_OFFSET ?? 0);
const extra = ["--project", PROJECT_ID];
if (offset) extra.push("--config", configWithPortOffset(offset));

// firebase-tools' CLI run with scripts/lib/firebase-tools-preload.cjs loaded first (the Auth
// emulator's validators compiled on first use instead of all at start).
const firebaseCli = join(ROOT, "node_modules", "firebase-tools", "lib", "bin", "firebase.js");
const preload = join(ROOT, "scripts", "lib", "firebase-tools-preload.cjs");
const child = spawn(process.execPath, ["--require", preload, firebaseCli, ...args, ...extra], { cwd: ROOT, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
