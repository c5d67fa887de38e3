// Loaded by scripts/lib/firebase-tools-preload.cjs into the firebase-tools process when
// PIXA_SHARED_FUNCTION_WORKERS=1 (what `npm test` sets): the functions emulator's workers serve
// any function of the codebase instead of one function each.
//
// By default the functions emulator keeps a pool of worker processes per function: the first call
// of each of our 49 functions, and every call that finds its own function's workers busy, starts a
// new Node process that loads firebase-tools' runtime and our entry point (about 1.3 s of CPU each
// on these machines), and no worker is stopped before the run ends. A whole `npm test` started
// 112–140 of them. firebase-tools already has workers that serve every function of a codebase:
// under `--inspect-functions` all functions share one worker, which is told the function to run
// (its target and signature) in a message before each request. That mode also serializes every
// execution and opens an inspector, so this keeps firebase-tools' normal mode (executions side by
// side, FUNCTIONS_EMULATOR_PARALLEL of them at most) and borrows only the sharing:
// - one worker pool key per codebase, so an idle worker of any function takes the next request;
// - workers started without a function of their own (no FUNCTION_TARGET; `FUNCTION_DEBUG_MODE`
//   set, which makes firebase-tools' runtime take its target from that message), with the secret
//   declarations of all the codebase's functions, as `--inspect-functions` starts them (the
//   values come from functions/.secret.local for every worker either way);
// - before each request, the message naming its function, as `--inspect-functions` sends it, and
//   the function's own time limit for the request (which `--inspect-functions` lifts).
// What stays per function in production and is checked without the emulator: that each function
// loads from the entry point alone (test/unit/lazyLoad.test.ts). docs/emulators.md has the figures.
"use strict";
const { createRequire } = require("node:module");

/** Applies the sharing to firebase-tools' functions emulator; false when its modules moved. */
function shareFunctionWorkers() {
  let ftRequire,
    RuntimeWorkerPool,
    RuntimeWorkerState,
    FunctionsEmulator,
    IPCConn,
    getSignatureType,
    FunctionsExecutionMode,
    EmulatorLogger;
  try {
    ftRequire = createRequire(require.resolve("firebase-tools/package.json"));
    ({ RuntimeWorkerPool, RuntimeWorkerState } = ftRequire("./lib/emulator/functionsRuntimeWorker"));
    ({ FunctionsEmulator, IPCConn } = ftRequire("./lib/emulator/functionsEmulator"));
    ({ getSignatureType } = ftRequire("./lib/emulator/functionsEmulatorShared"));
    ({ FunctionsExecutionMode } = ftRequire("./lib/emulator/types"));
    ({ EmulatorLogger } = ftRequire("./lib/emulator/emulatorLogger"));
  } catch {
    return false;
  }
  if (RuntimeWorkerPool.prototype.sharedWorkers) return true;

  /** What a shared worker needs to run a function (target, signature, time limit), by function id. */
  const targets = new Map();
  const addTriggerRecord = FunctionsEmulator.prototype.addTriggerRecord;
  FunctionsEmulator.prototype.addTriggerRecord = function (def, opts) {
    targets.set(def.id, {
      functionTarget: def.entryPoint,
      functionSignature: getSignatureType(def),
      timeoutSeconds: def.timeoutSeconds,
    });
    return addTriggerRecord.call(this, def, opts);
  };

  const getKey = RuntimeWorkerPool.prototype.getKey;
  RuntimeWorkerPool.prototype.getKey = function (triggerId, runtime) {
    return this.mode === FunctionsExecutionMode.AUTO ? "~shared~" : getKey.call(this, triggerId, runtime);
  };

  // A worker whose function raised an unhandled error is stopped when its log line says so, and
  // that line and the function's HTTP answer travel apart: when the answer comes first the
  // worker turns idle, and the next request sent to it dies with the process ("read
  // ECONNRESET"). With a worker per function that request was the same function again; with
  // shared workers it is any function (seen: an account deletion's trigger, which the emulator
  // does not retry). A worker already told to stop takes no more requests.
  const getIdleWorker = RuntimeWorkerPool.prototype.getIdleWorker;
  RuntimeWorkerPool.prototype.getIdleWorker = function (triggerId, runtime) {
    for (const worker of this.getTriggerWorkers(triggerId, runtime)) {
      if (worker.state === RuntimeWorkerState.IDLE && worker.runtime.process.killed) worker.state = RuntimeWorkerState.FINISHING;
    }
    return getIdleWorker.call(this, triggerId, runtime);
  };

  const submitRequest = RuntimeWorkerPool.prototype.submitRequest;
  RuntimeWorkerPool.prototype.submitRequest = async function (triggerId, req, resp, body, debug, runtime) {
    const target = targets.get(triggerId);
    const worker = this.getIdleWorker(triggerId, runtime);
    if (debug || !target || !worker) return submitRequest.call(this, triggerId, req, resp, body, debug, runtime);
    // The worker's log lines, its "Beginning execution of" and its time limit are the function's.
    worker.triggerKey = triggerId;
    worker.logger = EmulatorLogger.forFunction(triggerId, worker.extensionLogInfo);
    worker.timeoutSeconds = target.timeoutSeconds;
    await worker.sendDebugMsg({ functionTarget: target.functionTarget, functionSignature: target.functionSignature });
    return worker.request(req, resp, body, false);
  };
  RuntimeWorkerPool.prototype.sharedWorkers = true;

  const startRuntime = FunctionsEmulator.prototype.startRuntime;
  FunctionsEmulator.prototype.startRuntime = function (backend) {
    const secrets = new Map();
    for (const record of Object.values(this.triggers)) {
      if (record.backend !== backend) continue;
      for (const secret of record.def.secretEnvironmentVariables ?? []) secrets.set(secret.key, secret);
    }
    backend.secretEnv = [...secrets.values()];
    return startRuntime.call(this, backend, undefined);
  };

  // A new connection for every request, so that the worker has read the message naming the
  // function before the request: the message is written to the worker's IPC channel before the
  // connection opens, and the worker reads a new connection's request only after accepting it.
  // On a kept-alive connection the request could be read first and run the previous function.
  const httpReqOpts = IPCConn.prototype.httpReqOpts;
  IPCConn.prototype.httpReqOpts = function () {
    return { ...httpReqOpts.call(this), agent: false };
  };

  const getEmulatorEnvs = FunctionsEmulator.prototype.getEmulatorEnvs;
  FunctionsEmulator.prototype.getEmulatorEnvs = function () {
    return { ...getEmulatorEnvs.call(this), FUNCTION_DEBUG_MODE: "true" };
  };
  return true;
}

module.exports = { shareFunctionWorkers };
