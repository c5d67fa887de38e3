#!/usr/bin/env node
// Builds @pixasocial/client: compiles client/src together with the functions' models
// (functions/src/models, the single source of the shapes) into dist/, one ES module per source
// file so that bundlers tree-shake what a frontend does not import.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// TypeScript 7's native compiler (the root's `typescript-native`; docs/client.md). Its package exports
// no bin path, so the path is taken from beside its package.json.
const tsc = join(dirname(createRequire(join(here, "..", "package.json")).resolve("typescript-native/package.json")), "bin", "tsc");
rmSync(join(here, "dist"), { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, "-p", join(here, "tsconfig.json")], { stdio: "inherit" });
} catch {
  console.error("@pixasocial/client: the TypeScript build failed (errors above).");
  process.exit(1);
}
