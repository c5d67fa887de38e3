// Under `npm test` (PIXA_LEAN_FUNCTION_WORKERS=1) the functions emulator's workers load firebase-tools'
// own modules only when they use them.
//
// Why: a worker is firebase-tools' `functionsEmulatorRuntime.js`, and the one thing it takes from
// `functionsEmulatorShared.js` is `findModuleRoot` (fs and path). That module requires, at its
// top, firebase-tools' deploy planning (`deploy/functions/backend` and `build`, which bring the
// Cloud Functions API clients, the CLI's logger and its utils with their terminal rendering), the
// extensions manifest and helpers, and the event type lists (which reach the deploy code again):
// 155 of firebase-tools' modules and about 1.1 s of CPU before the worker serves anything, and a
// whole `npm test` starts two dozen workers on 2 cores (docs/emulators.md, "Lean workers").
//
// In the firebase-tools process (`leanFunctionWorkers`): every worker's environment gets
// `NODE_OPTIONS=--require <this file>`. In a worker (loaded by that option): the runtime's own
// requires load as they always do, and every relative `require` made by one of firebase-tools'
// other modules hands back a stand-in that loads the real module the first time anything reads
// it (a property, `in`, its keys), so a module nothing reads is never loaded, and one that is
// read is the real one from then on. firebase-tools' modules are TypeScript's CommonJS output,
// whose exports are plain objects read by property (the one file that sets `module.exports` or
// requires a file for its side effects alone is its CLI entry point, `lib/index.js`, which a worker
// never loads). Other processes that inherit the option (none today) load this file and change
// nothing.
"use strict";
const Module = require("node:module");
const { dirname, join, sep } = require("node:path");

/** firebase-tools' lib/ folder, or null when firebase-tools cannot be found from here. */
function firebaseToolsLib() {
  try {
    return join(dirname(require.resolve("firebase-tools/package.json")), "lib");
  } catch {
    return null;
  }
}

/**
 * An object that stands for the module `load()` returns, loading it on the first read of any
 * kind (a property, `in`, its keys, a descriptor) and answering every read from it after.
 */
function lazyModule(load) {
  let real;
  const target = {};
  const materialize = () => {
    if (real === undefined) {
      real = load();
      // Keys and descriptors are answered from the target, which must then hold them (a Proxy's
      // invariants: `__esModule` is non-configurable on the real exports).
      Object.defineProperties(target, Object.getOwnPropertyDescriptors(real));
    }
    return real;
  };
  return new Proxy(target, {
    get: (_, key) => Reflect.get(materialize(), key),
    set: (_, key, value) => Reflect.set(materialize(), key, value),
    has: (_, key) => Reflect.has(materialize(), key),
    ownKeys: () => (materialize(), Reflect.ownKeys(target)),
    getOwnPropertyDescriptor: (_, key) => (materialize(), Reflect.getOwnPropertyDescriptor(target, key)),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(materialize(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(materialize(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(materialize()),
  });
}

/**
 * In a worker: the relative requires of firebase-tools' modules, other than the runtime's own,
 * become stand-ins (above). Returns false when this process is not a functions emulator worker, or
 * firebase-tools is not where expected.
 */
function deferFirebaseToolsRequires(lib = firebaseToolsLib(), entry = process.argv[1] ?? "") {
  if (!lib || !/functionsEmulatorRuntime(\.js)?$/.test(entry)) return false;
  const runtime = join(lib, "emulator", "functionsEmulatorRuntime.js");
  const inLib = `${lib}${sep}`;
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    const from = parent?.filename ?? "";
    if (request.startsWith(".") && from.startsWith(inLib) && from !== runtime) {
      return lazyModule(() => load.call(this, request, parent, isMain));
    }
    return load.call(this, request, parent, isMain);
  };
  return true;
}

/**
 * In the firebase-tools process: the functions emulator starts every worker with this file
 * required first (NODE_OPTIONS, after any the environment already has). Returns false when
 * firebase-tools' functions emulator moved.
 */
function leanFunctionWorkers() {
  const lib = firebaseToolsLib();
  if (!lib) return false;
  let FunctionsEmulator;
  try {
    ({ FunctionsEmulator } = require(join(lib, "emulator", "functionsEmulator.js")));
  } catch {
    return false;
  }
  const getRuntimeEnvs = FunctionsEmulator?.prototype?.getRuntimeEnvs;
  if (typeof getRuntimeEnvs !== "function") return false;
  const option = `--require ${JSON.stringify(__filename)}`;
  FunctionsEmulator.prototype.getRuntimeEnvs = function (...args) {
    const envs = getRuntimeEnvs.apply(this, args);
    const inherited = envs.NODE_OPTIONS ?? process.env.NODE_OPTIONS;
    return { ...envs, NODE_OPTIONS: inherited ? `${inherited} ${option}` : option };
  };
  return true;
}

module.exports = { lazyModule, deferFirebaseToolsRequires, leanFunctionWorkers };

deferFirebaseToolsRequires();
