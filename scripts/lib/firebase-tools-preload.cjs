// Loaded into the firebase-tools process by scripts/firebase.mjs (`node --require`), before
// firebase-tools itself. Under `npm test` (PIXA_SHARED_FUNCTION_WORKERS=1) it also makes the
// functions emulator's workers serve every function (scripts/lib/shared-function-workers.cjs),
// (PIXA_QUICK_TRIGGER_SWITCH=1) switches the background triggers on again without reloading the
// functions, for the clears between tests (scripts/lib/quick-trigger-switch.cjs),
// (PIXA_LEAN_FUNCTION_WORKERS=1) keeps firebase-tools' deploy code out of the functions' workers
// (scripts/lib/lean-function-workers.cjs), (PIXA_FUNCTIONS_BUILT)
// reads the functions only once the build that runs beside the start-up is done
// (scripts/lib/await-functions-build.cjs), (PIXA_NO_SDK_UPDATE_CHECK=1) skips the functions
// emulator's lookup of the newest firebase-functions on the npm registry (below), and
// (PIXA_LONG_KEEP_ALIVE=1) keeps the emulators' idle connections open longer than their clients do (below).
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

/**
 * How long the emulators' HTTP servers keep an idle connection open under `npm test`: longer than
 * their clients keep one (Node's global agent drops an idle socket after 5 s; undici's fetch takes
 * the server's `Keep-Alive: timeout` hint less 1 s), so a client never reuses a connection the
 * server is closing.
 *
 * Node's servers close an idle kept-alive connection after 5 s by default, and Node's own client
 * also reuses one for up to 5 s: a request sent on a connection just as the server closes it fails
 * with "socket hang up" (nodejs/node#20256, #52649). Seen in a whole run: `chat-onMessageDeleted`'s
 * Storage delete failed so, the emulator (which does not retry events, as production does for a
 * `retry: true` trigger) stopped the worker, and the attachment test waited in vain.
 */
const KEEP_ALIVE_MS = 65_000;

/** Gives every HTTP server that `http` creates from now on `KEEP_ALIVE_MS` (see above). */
function keepConnectionsLonger(http = require("node:http")) {
  if (http.createServer.keepsConnectionsLonger) return;
  const createServer = http.createServer;
  const longer = function (...args) {
    const server = createServer.apply(this, args);
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    return server;
  };
  longer.keepsConnectionsLonger = true;
  http.createServer = longer;
}

module.exports = { withLazyValidators, firebaseToolsExegesisExpress, skipSdkUpdateCheck, keepConnectionsLonger, KEEP_ALIVE_MS };

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
if (process.env.PIXA_LONG_KEEP_ALIVE === "1") keepConnectionsLonger();
