// Loaded by scripts/lib/firebase-tools-preload.cjs into the firebase-tools process when
// PIXA_FUNCTIONS_BUILT names a file (what `npm test` sets): the functions emulator reads the
// functions only once that file says they are built, so that an emulator set starts its JVMs,
// the Auth, Storage and Cloud Tasks emulators while the build still runs.
//
// Why: firebase-tools starts every emulator first and reads the functions' code last, when it
// connects the functions emulator (`FunctionsEmulator.connect` → `loadTriggers`); nothing before
// that reads functions/lib. `npm test` used to build first and start the sets after, so the
// build's ~13 s and the sets' ~14 s of start-up before they read the functions ran one after the
// other. scripts/test.mjs now starts both at once and writes the file when the build is done
// ("built") or has failed ("failed": the set stops with that error instead of loading stale code).
"use strict";
const { createRequire } = require("node:module");
const { existsSync, readFileSync } = require("node:fs");
const { setTimeout: sleep } = require("node:timers/promises");

const POLL_MS = 100;
/** Beyond this the build is taken to have died with its runner: the set stops instead of waiting for ever. */
const WAIT_LIMIT_MS = 10 * 60_000;

/** Resolves once `markerPath` reads "built"; rejects when it reads "failed" or after `limitMs`. */
async function functionsBuilt(markerPath, { pollMs = POLL_MS, limitMs = WAIT_LIMIT_MS } = {}) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const state = existsSync(markerPath) ? readFileSync(markerPath, "utf8").trim() : "";
    if (state === "built") return;
    if (state === "failed") throw new Error("The functions' build failed (npm test prints the compiler's errors); not loading them.");
    if (Date.now() > deadline) throw new Error(`The functions were not built within ${Math.round(limitMs / 1000)} s (${markerPath}).`);
    await sleep(pollMs);
  }
}

/** Makes `prototype.connect` wait for the build before it runs (and reads the functions). */
function gateConnect(prototype, markerPath, options) {
  if (prototype.connect.awaitsBuild) return;
  const connect = prototype.connect;
  prototype.connect = async function (...args) {
    await functionsBuilt(markerPath, options);
    return connect.apply(this, args);
  };
  prototype.connect.awaitsBuild = true;
  prototype.connect.original = connect;
}

/** Applies the gate to firebase-tools' functions emulator; false when its module moved. */
function awaitFunctionsBuild(markerPath) {
  let FunctionsEmulator;
  try {
    const ftRequire = createRequire(require.resolve("firebase-tools/package.json"));
    ({ FunctionsEmulator } = ftRequire("./lib/emulator/functionsEmulator"));
  } catch {
    return false;
  }
  if (typeof FunctionsEmulator?.prototype?.connect !== "function") return false;
  gateConnect(FunctionsEmulator.prototype, markerPath);
  return true;
}

module.exports = { awaitFunctionsBuild, functionsBuilt, gateConnect };
