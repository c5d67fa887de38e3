#!/usr/bin/env node
// `npm run deploy-check`: proves that functions/ builds and installs on its own, as
// `firebase deploy` uploads it. Packs functions/ (built lib/ + package.json + lock) from a copy
// (npm pack wants a version, which a deployed functions package does not need), installs the
// pack into an empty folder (npm cache first, registry for what it lacks) and loads lib/index.js
// and every function's module there, so that an import reaching outside functions/ (e.g. into
// client/) fails here.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./lib/emulator-env.mjs";

const work = mkdtempSync(join(tmpdir(), "pixa-deploy-check-"));
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
try {
  const copy = join(work, "functions");
  for (const entry of ["package.json", "package-lock.json", "lib"])
    cpSync(join(ROOT, "functions", entry), join(copy, entry), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8"));
  writeFileSync(join(copy, "package.json"), JSON.stringify({ ...manifest, version: "0.0.0-deploy-check" }));
  const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], copy));
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "deploy-check", private: true }));
  const started = Date.now();
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, packed.filename)], project);
  const installSeconds = ((Date.now() - started) / 1000).toFixed(1);
  const loaded = execFileSync(
    process.execPath,
    [
      "-e",
      // Reading every function's property loads its module (each group loads them lazily:
      // functions/src/common/lazyGroup.ts), as deploy discovery does.
      "const m = require('pixasocial-functions'); console.log(Object.entries(m).map(([g, v]) => `${g}(${Object.values(v).filter((f) => typeof f === 'function').length})`).join(', '))",
    ],
    {
      cwd: project,
      encoding: "utf8",
      env: {
        ...process.env,
        GCLOUD_PROJECT: "demo-pixasocial",
        FIREBASE_CONFIG: JSON.stringify({ projectId: "demo-pixasocial", storageBucket: "demo-pixasocial.appspot.com" }),
      },
    },
  );
  console.log(`functions pack: ${packed.filename}, ${packed.size} B, ${packed.entryCount} files; installed alone in ${installSeconds} s`);
  console.log(`loaded lib/index.js from the installed pack: ${loaded.trim()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
