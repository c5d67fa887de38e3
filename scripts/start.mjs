#!/usr/bin/env node
// `npm start`: runs the whole backend locally on the emulators (offline-capable), seeds demo
// users and data once everything is up, prints how to sign in, and runs until Ctrl-C. It says
// "ready" only after the seed's readiness probe saw a sign-up get its profile
// (scripts/lib/readiness.mjs), so a first sign-up from the frontend never races the emulator.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./lib/emulator-env.mjs";
import { EMULATORS, hubUrl } from "./lib/emulators.mjs";

const child = spawn(process.execPath, [join(ROOT, "scripts", "firebase.mjs"), "emulators:start", "--only", EMULATORS], {
  cwd: ROOT,
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
// The fake platforms (below) stop with the emulators: a listener added after this one would never
// run, since this one exits the process.
child.on("exit", (code) => {
  fakePlatforms.kill("SIGTERM");
  process.exit(code ?? 0);
});

async function runningEmulators() {
  try {
    const response = await fetch(`${hubUrl()}/emulators`);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

async function waitForEmulators(timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  const needed = EMULATORS.split(",");
  while (Date.now() < deadline) {
    const running = await runningEmulators();
    if (running && needed.every((name) => running[name])) return running;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("The emulators did not start in time.");
}

const running = await waitForEmulators();
const host = (name) => `${running[name].host}:${running[name].port}`;
const seed = spawn(process.execPath, [join(ROOT, "scripts", "seed.mjs")], {
  cwd: ROOT,
  stdio: "inherit",
  env: {
    ...process.env,
    FIRESTORE_EMULATOR_HOST: host("firestore"),
    FIREBASE_AUTH_EMULATOR_HOST: host("auth"),
    ...(running.storage && { FIREBASE_STORAGE_EMULATOR_HOST: host("storage") }),
  },
});
seed.on("exit", (code) => {
  if (code === 0) console.log("[pixasocial] ready: sign-ups get their profiles and the demo data is in place.");
  else console.error("[pixasocial] NOT ready: the readiness probe or seeding failed (see above); the emulators keep running.");
});

// The fake social platforms (test/fakes/platforms: "Connect" and publishing work offline) and
// the publishing clock, which delivers publishing tasks at their time and runs the sweeper, as
// the emulators do not (docs/publishing.md). One process: scripts/localPublishing.ts.
const fakePlatforms = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "localPublishing.ts")], {
  cwd: ROOT,
  stdio: "inherit",
  env: {
    ...process.env,
    FIRESTORE_EMULATOR_HOST: host("firestore"),
    CLOUD_TASKS_EMULATOR_HOST: host("tasks"),
    PIXA_FUNCTIONS_ORIGIN: `http://${host("functions")}`,
  },
});
fakePlatforms.on("exit", (code) => {
  if (code) console.error("[pixasocial] the fake platforms stopped; Connect and publishing will not work locally.");
});
