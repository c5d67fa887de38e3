// Loaded into the firebase-tools process by scripts/firebase.mjs (`node --require`), before
// firebase-tools itself. Under `npm test` (PIXA_SHARED_FUNCTION_WORKERS=1) it also makes the
// functions emulator's workers serve every function (scripts/lib/shared-function-workers.cjs),
// (PIXA_QUICK_TRIGGER_SWITCH=1) switches the background triggers on again without reloading the
// functions, for the clears between tests (scripts/lib/quick-trigger-switch.cjs),
// (PIXA_LEAN_FUNCTION_WORKERS=1) keeps firebase-tools' deploy code out of the functions' workers
// (scripts/lib/lean-function-workers.cjs), (PIXA_FUNCTIONS_BUILT)
// reads the functions only once the build that runs beside the start-up is done
// (scripts/lib/await-functions-build.cjs), and (PIXA_NO_SDK_UPDATE_CHECK=1) skips the functions
// emulator's lookup of the newest firebase-functions on the npm registry (below).
//
// The Auth emulator serves its REST API through exegesis-express, built from Google's whole
// Identity Toolkit OpenAPI document, and as firebase-tools calls it every request and response
// validator of that document is compiled with ajv at start: about 10 s of CPU on these 2-core
// machines, on the path of every `npm start`, `npm test` emulator set and benchmark, for an API
// of which the tests call a handful of operations. exegesis has an option that compiles each
// validator on its first use instead (`lazyCompileValidationSchemas`, added for exactly this
// cost: exegesis-js/exegesis#496); firebase-tools does not pass it, so this adds it to the
// options firebase-tools gives. What is validated, and how, does not change. docs/emulators.md
// has the figures.
"use strict";
const { createRequire } = require("node:module");

/** `middleware` with `lazyCompileValidationSchemas: true` unless the caller set it. */
function withLazyValidators(middleware) {
  const lazyValidatorsMiddleware = (openApiDoc, options, done) =>
    middleware(openApiDoc, { lazyCompileValidationSchemas: true, ...options }, done);
  lazyValidatorsMiddleware.lazyValidators = true;
  return lazyValidatorsMiddleware;
}

/** firebase-tools' own exegesis-express, or null when this firebase-tools does not use it. */
function firebaseToolsExegesisExpress() {
  try {
    return createRequire(require.resolve("firebase-tools/package.json"))("exegesis-express");
  } catch {
    return null;
  }
}

const exegesisExpress = firebaseToolsExegesisExpress();
if (exegesisExpress && typeof exegesisExpress.middleware === "function" && !exegesisExpress.middleware.lazyValidators) {
  exegesisExpress.middleware = withLazyValidators(exegesisExpress.middleware);
}

/**
 * Before it reads the functions, the functions emulator asks the npm registry for the newest
 * firebase-functions (`npm show firebase-functions`, a synchronous child process: about 1 s here,
 * during which firebase-tools does nothing else) only to print an "outdated" warning. The tests
 * pin their versions in the lock files, so under `npm test` the lookup answers "unknown", which
 * firebase-tools treats as no warning. False when firebase-tools' module moved.
 */
function skipSdkUpdateCheck() {
  try {
    const versioning = createRequire(require.resolve("firebase-tools/package.json"))("./lib/deploy/functions/runtimes/node/versioning");
    if (typeof versioning.getLatestSDKVersion !== "function") return false;
    versioning.getLatestSDKVersion = () => undefined;
    return true;
  } catch {
    return false;
  }
}

module.exports = { withLazyValidators, firebaseToolsExegesisExpress, skipSdkUpdateCheck };

if (process.env.PIXA_SHARED_FUNCTION_WORKERS === "1") require("./shared-function-workers.cjs").shareFunctionWorkers();
if (process.env.PIXA_QUICK_TRIGGER_SWITCH === "1") require("./quick-trigger-switch.cjs").quickTriggerSwitch();
if (process.env.PIXA_LEAN_FUNCTION_WORKERS === "1" && !require("./lean-function-workers.cjs").leanFunctionWorkers()) {
  throw new Error("firebase-tools' functions emulator moved: scripts/lib/lean-function-workers.cjs cannot reach its workers.");
}
// Without the gate the sets would read functions/lib while it is being built: stop instead.
if (process.env.PIXA_FUNCTIONS_BUILT && !require("./await-functions-build.cjs").awaitFunctionsBuild(process.env.PIXA_FUNCTIONS_BUILT)) {
  throw new Error(
    "firebase-tools' functions emulator moved: scripts/lib/await-functions-build.cjs cannot hold it until the build is done.",
  );
}
if (process.env.PIXA_NO_SDK_UPDATE_CHECK === "1") skipSdkUpdateCheck();
