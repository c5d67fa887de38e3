#!/usr/bin/env node
// One emulator set's mocha in a whole `npm test` (scripts/test.mjs): takes test files from the
// queue the sets share, one at a time, and runs each with mocha's API in this process, until the
// queue is empty. Run with tsx loaded (`node --import=tsx`), inside the set's `emulators:exec`.
//
// Arguments: the queue (a JSON list of test files, in the order to take them) and a directory of
// claims: a set takes the file at index i by creating `<claims>/<i>`, which only one set can do,
// and takes the files in the queue's order, so a set that has taken a rules file takes no other
// kind after it (scripts/lib/test-shards.mjs `queueOrder`). What the sets share is only which
// file runs where; each set has its own emulators and data.
//
// Each file is one mocha run with the options of .mocharc.json (its time limit, its root hooks):
// the same reporter, with one summary for all the runs at the end (file-durations-reporter.cjs).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import Mocha from "mocha";
import { ROOT } from "./emulator-env.mjs";
import { claimFile } from "./test-shards.mjs";

const require = createRequire(import.meta.url);
const Reporter = require("./file-durations-reporter.cjs");

const [queueFile, claimsDir] = process.argv.slice(2);
const queue = JSON.parse(readFileSync(queueFile, "utf8"));
const config = JSON.parse(readFileSync(join(ROOT, ".mocharc.json"), "utf8"));
const rootHooks = {};
for (const hooksFile of config.require ?? [])
  Object.assign(rootHooks, (await import(pathToFileURL(resolve(ROOT, hooksFile)).href)).mochaHooks);

const started = Date.now();
let failures = 0;
for (let index = 0; index < queue.length; index += 1) {
  if (!claimFile(claimsDir, index)) continue;
  const mocha = new Mocha({ timeout: config.timeout, rootHooks, reporter: Reporter, reporterOptions: { deferSummary: true } });
  mocha.addFile(resolve(ROOT, queue[index]));
  await mocha.loadFilesAsync();
  failures += await new Promise((done) => mocha.run(done));
  // A finished run keeps its process listeners (uncaughtException, unhandledRejection) until it is
  // disposed: without this every earlier file's runner also received a later file's uncaught
  // errors, and kept its suites alive (Node warned of 11 such listeners after the tenth file).
  mocha.dispose();
}
Reporter.printSummary(Date.now() - started);
process.exit(failures ? 1 : 0);
