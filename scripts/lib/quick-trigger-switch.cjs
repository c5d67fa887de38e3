// Loaded by scripts/lib/firebase-tools-preload.cjs into the firebase-tools process when
// PIXA_QUICK_TRIGGER_SWITCH=1 (what `npm test` sets), for the clear between two tests
// (test/helpers/emulators.ts `clearEmulatorData`): switching the background triggers on again
// after the Emulator Hub switched them off flips the same triggers back on, instead of reloading
// every function, once the events of what was deleted meanwhile have been dropped.
//
// Why: the Firestore emulator's clear deletes every document one by one, and each deletion is an
// event for the functions' delete and write triggers (a channel's, a message's, a post's). Run
// between two tests, those executions do nothing for either test and take the CPU the tests
// need. The hub's switch is the way to drop them (`PUT /functions/disableBackgroundTriggers`, what
// @firebase/rules-unit-testing's `withFunctionTriggersDisabled` uses: a switched-off trigger
// answers its events 204 and runs nothing), but firebase-tools switches them on again by
// reloading the functions: it loads the entry point anew and stops the idle workers, seconds of
// CPU each time, so the tests could afford it once per run. Between two tests nothing has
// changed in the code, so the triggers the switch turned off are the ones to turn on again.
//
// The Firestore emulator sends a clear's events after the clear has answered, one at a time, in
// the order it queued them (checked: 240 events, then the harness's two, always last). So the
// harness writes and deletes one more document after the clear, `CLEAR_BARRIER_DOCUMENT` (a
// scheduled post's path, which a write trigger watches), and switching on waits until both its
// events have arrived: every event of the clear has been dropped by then. Without them it
// switches on after `BARRIER_LIMIT_MS`.
//
// Switching off still waits for the executions already queued (firebase-tools' own behaviour),
// but at most `FLUSH_LIMIT_MS`: a test's leftover executions then go on running, as they did
// before the switch, rather than failing the next test's hook. Any other reload (or a switch
// turned on in part) is left to firebase-tools. (test/unit/quickTriggerSwitch.test.ts sets a
// shorter barrier limit on its emulator, `barrierLimitMs`.)
"use strict";
const { createRequire } = require("node:module");
const { setTimeout: sleep } = require("node:timers/promises");

/** The document the harness writes and deletes after a clear; its two events close the clear's. */
const CLEAR_BARRIER_DOCUMENT = "teams/pixa-clear-barrier/scheduledPosts/barrier";
/** How long switching off waits for the executions already queued. */
const FLUSH_LIMIT_MS = 20_000;
/** How long switching on waits for the barrier's two events. */
const BARRIER_LIMIT_MS = 5_000;
const BARRIER_EVENTS = 2;

/** Applies the quick switch to firebase-tools' functions emulator; false when its modules moved. */
function quickTriggerSwitch() {
  let FunctionsEmulator, EmulatorLogger;
  try {
    const ftRequire = createRequire(require.resolve("firebase-tools/package.json"));
    ({ FunctionsEmulator } = ftRequire("./lib/emulator/functionsEmulator"));
    ({ EmulatorLogger } = ftRequire("./lib/emulator/emulatorLogger"));
  } catch {
    return false;
  }
  const proto = FunctionsEmulator.prototype;
  const methods = ["disableBackgroundTriggers", "reloadTriggers", "handleHttpsTrigger"];
  if (methods.some((name) => typeof proto[name] !== "function")) return false;
  if (proto.quickTriggerSwitch) return true;
  const { reloadTriggers, handleHttpsTrigger } = proto;
  const logger = EmulatorLogger.forEmulator("functions");

  /** Per emulator: the triggers switched off since the last load (and that load), and the barrier's events since. */
  const state = new WeakMap();

  proto.handleHttpsTrigger = function (req, res) {
    const switched = state.get(this);
    if (switched && req.headers?.["ce-document"] === CLEAR_BARRIER_DOCUMENT) switched.barrierEvents += 1;
    return handleHttpsTrigger.call(this, req, res);
  };

  proto.disableBackgroundTriggers = async function () {
    const records = Object.values(this.triggers).filter((record) => record.def.eventTrigger && record.enabled);
    for (const record of records) record.enabled = false;
    const earlier = state.get(this);
    const sameLoad = earlier && earlier.generation === this.triggerGeneration;
    state.set(this, { generation: this.triggerGeneration, records: [...(sameLoad ? earlier.records : []), ...records], barrierEvents: 0 });
    logger.log("DEBUG", `background triggers off (${records.length})`);
    try {
      await this.workQueue.flush(FLUSH_LIMIT_MS);
    } catch (error) {
      logger.log("DEBUG", `background triggers off while executions still run: ${error.message}`);
    }
  };

  proto.reloadTriggers = async function () {
    const switched = state.get(this);
    const allOff = Object.values(this.triggers).every((record) => !record.def.eventTrigger || !record.enabled);
    if (!switched || switched.generation !== this.triggerGeneration || !allOff) {
      state.delete(this);
      return reloadTriggers.call(this);
    }
    const deadline = Date.now() + (this.barrierLimitMs ?? BARRIER_LIMIT_MS);
    while (switched.barrierEvents < BARRIER_EVENTS && Date.now() < deadline) await sleep(10);
    if (switched.barrierEvents < BARRIER_EVENTS) logger.log("DEBUG", "background triggers on without the clear's barrier");
    state.delete(this);
    for (const record of switched.records) record.enabled = true;
    logger.log("DEBUG", `background triggers on (${switched.records.length})`);
  };
  proto.quickTriggerSwitch = true;
  return true;
}

module.exports = { quickTriggerSwitch, CLEAR_BARRIER_DOCUMENT, FLUSH_LIMIT_MS, BARRIER_LIMIT_MS };
