// Loaded into the firebase-tools process by scripts/firebase.mjs (`node --require`), before
// firebase-tools itself. Under `npm test` (PIXA_SHARED_FUNCTION_WORKERS=1) it also makes the
// functions emulator's workers serve every function (scripts/lib/shared-function-workers.cjs), and
// (PIXA_QUICK_TRIGGER_SWITCH=1) switches the background triggers on again without reloading the
// functions, for the clears between tests (scripts/lib/quick-trigger-switch.cjs).
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

module.exports = { withLazyValidators, firebaseToolsExegesisExpress };

if (process.env.PIXA_SHARED_FUNCTION_WORKERS === "1") require("./shared-function-workers.cjs").shareFunctionWorkers();
if (process.env.PIXA_QUICK_TRIGGER_SWITCH === "1") require("./quick-trigger-switch.cjs").quickTriggerSwitch();
