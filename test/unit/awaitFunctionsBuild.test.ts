import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const LIB = join(ROOT, "scripts", "lib");
interface GateOptions {
  pollMs?: number;
  limitMs?: number;
}
// The gate `npm test` loads into firebase-tools (scripts/lib/await-functions-build.cjs).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gate = require(join(LIB, "await-functions-build.cjs")) as {
  functionsBuilt(markerPath: string, options?: GateOptions): Promise<void>;
  gateConnect(prototype: { connect(...args: unknown[]): Promise<unknown> }, markerPath: string, options?: GateOptions): void;
};
const firebaseTools = createRequire(require.resolve("firebase-tools/package.json"));

/** Whether `promise` is still pending after `ms`. */
async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol("pending");
  const winner = await Promise.race([
    promise.then(
      () => "settled",
      () => "settled",
    ),
    new Promise((resolve) => setTimeout(() => resolve(pending), ms)),
  ]);
  return winner === pending;
}

describe("unit: the functions emulator waits for the build that runs beside the start-up", () => {
  let dir: string;
  let marker: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pixa-built-"));
    marker = join(dir, "functions-built");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("waits while the marker is missing or empty, and goes on once it reads built", async () => {
    const waiting = gate.functionsBuilt(marker, { pollMs: 10 });
    expect(await pendingAfter(waiting, 100)).to.equal(true);
    writeFileSync(marker, "");
    expect(await pendingAfter(waiting, 100)).to.equal(true);
    writeFileSync(marker, "built\n");
    await waiting;
  });

  it("stops with the build's failure instead of loading the functions", async () => {
    writeFileSync(marker, "failed");
    let error: unknown;
    await gate.functionsBuilt(marker, { pollMs: 10 }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.contain("The functions' build failed");
  });

  it("gives up after its limit when nothing writes the marker", async () => {
    let error: unknown;
    await gate.functionsBuilt(marker, { pollMs: 10, limitMs: 50 }).catch((caught: unknown) => (error = caught));
    expect(String(error)).to.contain("were not built within");
  });

  it("runs the emulator's own connect once built, with its instance and arguments, and wraps it once", async () => {
    const calls: unknown[][] = [];
    class Emulator {
      name = "functions";
      async connect(...args: unknown[]) {
        calls.push([this.name, ...args]);
        return "connected";
      }
    }
    gate.gateConnect(Emulator.prototype, marker, { pollMs: 10 });
    const wrapped = Emulator.prototype.connect;
    gate.gateConnect(Emulator.prototype, marker, { pollMs: 10 });
    expect(Emulator.prototype.connect).to.equal(wrapped);

    const connecting = new Emulator().connect("a", 1);
    expect(await pendingAfter(connecting, 100)).to.equal(true);
    expect(calls).to.deep.equal([]);
    writeFileSync(marker, "built");
    expect(await connecting).to.equal("connected");
    expect(calls).to.deep.equal([["functions", "a", 1]]);
  });

  it("firebase-tools reads the functions in connect, not in start (what the gate relies on)", () => {
    const { FunctionsEmulator } = firebaseTools("./lib/emulator/functionsEmulator") as {
      FunctionsEmulator: { prototype: { start(): unknown; connect: (() => unknown) & { original?: () => unknown } } };
    };
    // Its own connect, also when this process loaded the preload under npm test (which gates it).
    const connect = FunctionsEmulator.prototype.connect.original ?? FunctionsEmulator.prototype.connect;
    expect(String(connect)).to.contain("loadTriggers");
    expect(String(FunctionsEmulator.prototype.start)).to.not.match(/loadTriggers|discoverTriggers/);
  });
});

describe("unit: under npm test the functions emulator does not ask npm for the newest firebase-functions", () => {
  let fakeBin: string;
  let record: string;
  beforeEach(() => {
    fakeBin = mkdtempSync(join(tmpdir(), "pixa-npm-"));
    record = join(fakeBin, "called");
    // An `npm` on PATH that records being asked and answers as the registry would.
    writeFileSync(join(fakeBin, "npm"), `#!/bin/sh\necho "$@" > '${record}'\necho '{"dist-tags":{"latest":"999.0.0"}}'\n`);
    chmodSync(join(fakeBin, "npm"), 0o755);
  });
  afterEach(() => rmSync(fakeBin, { recursive: true, force: true }));

  /** Runs firebase-tools' SDK version check in a fresh process, with or without the preload's skip. */
  function runCheck(skip: boolean) {
    const script = [
      skip ? `require(${JSON.stringify(join(LIB, "firebase-tools-preload.cjs"))}).skipSdkUpdateCheck();` : "",
      `const ft = require("node:module").createRequire(require.resolve("firebase-tools/package.json"));`,
      `ft("./lib/deploy/functions/runtimes/node/versioning").checkFunctionsSDKVersion("7.0.0");`,
    ].join("\n");
    execFileSync(process.execPath, ["-e", script], {
      cwd: ROOT,
      env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}` },
      stdio: "ignore",
    });
  }

  it("firebase-tools asks npm without the skip (so the test below can fail)", () => {
    runCheck(false);
    expect(existsSync(record)).to.equal(true);
  });

  it("the preload's skip leaves npm unasked", () => {
    runCheck(true);
    expect(existsSync(record)).to.equal(false);
  });
});
