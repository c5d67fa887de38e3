import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// What `npm test` does to the functions emulator's workers (scripts/lib/lean-function-workers.cjs):
// the stand-in modules, firebase-tools' own shared module loaded through them in a fresh process,
// and the option firebase-tools' own functions emulator class passes to every worker.
const LEAN = join(__dirname, "..", "..", "scripts", "lib", "lean-function-workers.cjs");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazyModule, leanFunctionWorkers } = require(LEAN) as {
  lazyModule<T extends object>(load: () => T): T;
  leanFunctionWorkers(): boolean;
};

const FIREBASE_TOOLS_LIB = join(dirname(require.resolve("firebase-tools/package.json")), "lib");

/** Runs `script` in a fresh Node process and returns what it printed as JSON. */
function inFreshProcess(script: string): Record<string, unknown> {
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, LEAN, LIB: FIREBASE_TOOLS_LIB } });
  expect(result.status, result.stderr).to.equal(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe("lean function workers (npm test)", function () {
  this.timeout(30_000);

  it("a stand-in loads its module on the first read of any kind, once, and answers as the module", function () {
    for (const firstRead of ["property", "in", "keys", "descriptor"] as const) {
      let loads = 0;
      const real = { answer: 42, hello: () => "hi" };
      Object.defineProperty(real, "__esModule", { value: true });
      const module = lazyModule(() => {
        loads += 1;
        return real;
      });
      expect(loads, firstRead).to.equal(0);
      if (firstRead === "property") expect(module.answer).to.equal(42);
      if (firstRead === "in") expect("answer" in module).to.equal(true);
      if (firstRead === "keys") expect(Object.keys(module)).to.deep.equal(["answer", "hello"]);
      if (firstRead === "descriptor") expect(Object.getOwnPropertyDescriptor(module, "__esModule")?.value).to.equal(true);
      expect(loads, firstRead).to.equal(1);
      expect(module.hello()).to.equal("hi");
      expect((module as { __esModule?: boolean }).__esModule).to.equal(true);
      expect(Object.keys(module)).to.deep.equal(["answer", "hello"]);
      expect(loads, firstRead).to.equal(1);
    }
  });

  it("a worker loads firebase-tools' shared module without its deploy and extensions code, and gets the real module where it reads one", function () {
    const seen = inFreshProcess(`
      const { join } = require("node:path");
      const lean = require(process.env.LEAN);
      const applied = lean.deferFirebaseToolsRequires(process.env.LIB, "/any/where/functionsEmulatorRuntime");
      const loaded = (file) => Object.keys(require.cache).some((key) => key === join(process.env.LIB, file));
      const shared = require(join(process.env.LIB, "emulator", "functionsEmulatorShared.js"));
      const before = { backend: loaded("deploy/functions/backend.js"), manifest: loaded("extensions/manifest.js") };
      const root = shared.findModuleRoot("firebase-tools", process.env.LIB);
      const envDir = shared.getSecretLocalPath({ extensionInstanceId: "x", functionsDir: "/f" }, "/project");
      const real = require(join(process.env.LIB, "extensions", "manifest.js"));
      console.log(JSON.stringify({ applied, before, root, envDir, expected: join("/project", real.ENV_DIRECTORY, "x.secret.local"), manifestAfter: loaded("extensions/manifest.js") }));
    `);
    expect(seen.applied).to.equal(true);
    expect(seen.before).to.deep.equal({ backend: false, manifest: false });
    expect(seen.root).to.equal(dirname(FIREBASE_TOOLS_LIB));
    expect(seen.envDir).to.equal(seen.expected);
    expect(seen.manifestAfter).to.equal(true);
  });

  it("changes nothing in a process that is not a worker", function () {
    const seen = inFreshProcess(`
      const { join } = require("node:path");
      const applied = require(process.env.LEAN).deferFirebaseToolsRequires(process.env.LIB, "/usr/bin/mocha");
      require(join(process.env.LIB, "emulator", "functionsEmulatorShared.js"));
      const backend = Object.keys(require.cache).some((key) => key === join(process.env.LIB, "deploy/functions/backend.js"));
      console.log(JSON.stringify({ applied, backend }));
    `);
    expect(seen).to.deep.equal({ applied: false, backend: true });
  });

  it("firebase-tools' functions emulator starts every worker with the file required, after the options it already has", function () {
    const firebaseTools = createRequire(require.resolve("firebase-tools/package.json"));
    const { FunctionsEmulator } = firebaseTools("./lib/emulator/functionsEmulator") as {
      FunctionsEmulator: { prototype: { getRuntimeEnvs(...args: unknown[]): Record<string, string> } };
    };
    const own = FunctionsEmulator.prototype.getRuntimeEnvs;
    expect(own, "firebase-tools' functions emulator has getRuntimeEnvs").to.be.a("function");
    try {
      const state: { inherited?: string } = {};
      FunctionsEmulator.prototype.getRuntimeEnvs = (): Record<string, string> =>
        state.inherited === undefined ? { FUNCTION_TARGET: "teams.create" } : { NODE_OPTIONS: state.inherited };
      expect(leanFunctionWorkers()).to.equal(true);
      expect(FunctionsEmulator.prototype.getRuntimeEnvs()).to.deep.equal({
        FUNCTION_TARGET: "teams.create",
        NODE_OPTIONS: process.env.NODE_OPTIONS
          ? `${process.env.NODE_OPTIONS} --require ${JSON.stringify(LEAN)}`
          : `--require ${JSON.stringify(LEAN)}`,
      });
      state.inherited = "--max-old-space-size=512";
      expect(FunctionsEmulator.prototype.getRuntimeEnvs().NODE_OPTIONS).to.equal(
        `--max-old-space-size=512 --require ${JSON.stringify(LEAN)}`,
      );
    } finally {
      FunctionsEmulator.prototype.getRuntimeEnvs = own;
    }
  });
});
