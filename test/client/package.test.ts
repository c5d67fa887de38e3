/**
 * The frontend's view of `@pixasocial/client`: the package is packed with `npm pack`, installed
 * (npm cache first) into an empty project next to `firebase`, a small frontend file (frontend/app.ts) is
 * type-checked and compiled against it with tsc, and run against the emulators.
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { emulators } from "../helpers/emulators.js";

const run = promisify(execFile);
/** npm test runs mocha from the repository root. */
const ROOT = process.cwd();
const CLIENT = join(ROOT, "client");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

interface FrontendReport {
  uid: string;
  profileCreatedByFallback: boolean;
  profileEmail: string;
  teamId: string;
  personaName: string;
  personaCreatedBy: string;
  messages: Array<{ text?: string; senderName: string; senderId: string }>;
  unread: number;
  generatedText: string;
  badInputCode: string | null;
}

describe("@pixasocial/client as a frontend installs it", function () {
  let project = "";
  let tarball = "";
  let compile: { ok: boolean; output: string } = { ok: false, output: "not run" };

  before(async function () {
    // npm pack, an offline npm install and a full tsc run over firebase's declarations: tens of
    // seconds on the shared 2-core machine, once for the suite.
    this.timeout(300_000);
    project = await mkdtemp(join(tmpdir(), "pixa-client-"));
    const packed = await run("npm", ["pack", "--pack-destination", project, "--json"], { cwd: CLIENT });
    tarball = join(project, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "frontend", private: true, type: "module" }));
    await run(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, `file:${join(ROOT, "node_modules", "firebase")}`],
      { cwd: project },
    );
    await copyFile(join(ROOT, "test", "client", "frontend", "app.ts"), join(project, "app.ts"));
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          lib: ["ES2022", "DOM"],
          strict: true,
          outDir: "out",
          typeRoots: [join(ROOT, "node_modules", "@types")],
          types: ["node"],
        },
        files: ["app.ts"],
      }),
    );
    try {
      await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: project });
      compile = { ok: true, output: "" };
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      compile = { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
    }
  });

  after(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it("installs as ESM with type declarations, firebase as a peer and zod as its only dependency", async () => {
    const installed = JSON.parse(await readFile(join(project, "node_modules", "@pixasocial", "client", "package.json"), "utf8")) as {
      type: string;
      sideEffects: boolean;
      exports: Record<string, { types: string; import: string }>;
      peerDependencies: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(installed.type).to.equal("module");
    expect(installed.sideEffects).to.equal(false);
    expect(installed.exports["."].types).to.match(/\.d\.ts$/);
    expect(Object.keys(installed.peerDependencies)).to.deep.equal(["firebase"]);
    expect(Object.keys(installed.dependencies)).to.deep.equal(["zod"]);
    const { stdout } = await run("tar", ["-tzf", tarball]);
    expect(stdout).to.include("package/dist/functions/src/models/chat.js");
    expect(stdout).not.to.match(/models\/(crypto|mail)\.js/);
  });

  it("type-checks a frontend file against the installed package with tsc", () => {
    expect(compile.output).to.equal("");
    expect(compile.ok).to.equal(true);
  });

  it("runs that frontend on the emulators: sign-up, a persona, a chat message and ai-generateText with Mock", async function () {
    // A fresh Node process loads the Firebase SDK and wakes three functions (sign-up trigger,
    // aiConfigs-setActive, ai-generateText), each maybe cold on the shared machine.
    this.timeout(120_000);
    expect(compile.ok, compile.output).to.equal(true);
    const functions = emulators.functions();
    const { stdout } = await run(process.execPath, [join(project, "out", "app.js")], {
      cwd: project,
      env: {
        ...process.env,
        AUTH_HOST: process.env.FIREBASE_AUTH_EMULATOR_HOST,
        FIRESTORE_HOST: process.env.FIRESTORE_EMULATOR_HOST,
        FUNCTIONS_HOST: `${functions.host}:${functions.port}`,
      },
    });
    const report = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as FrontendReport;
    const localPart = report.profileEmail.split("@")[0];
    expect(report.profileCreatedByFallback).to.equal(false);
    expect(report.teamId).to.be.a("string").and.not.equal("");
    expect(report.personaName).to.equal("Curious Carla");
    expect(report.personaCreatedBy).to.equal(report.uid);
    expect(report.messages).to.deep.equal([{ text: "Hello from the client package", senderName: localPart, senderId: report.uid }]);
    expect(report.unread).to.equal(0);
    expect(report.generatedText).to.be.a("string").and.not.equal("");
    expect(report.badInputCode).to.equal("functions/invalid-argument");
  });
});
