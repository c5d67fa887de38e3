#!/usr/bin/env node
// `npm test`: every test (unit, rules, emulator) under one `firebase emulators:exec`, with the
// emulators' output in .local/test-emulators.log. Extra arguments are passed to mocha,
// e.g. `npm test -- test/teams`.
import { runUnderEmulators } from "./lib/run-under-emulators.mjs";

const specs = process.argv.slice(2);
const mocha = `npx mocha ${specs.length ? specs.map((s) => `'${s}'`).join(" ") : "'test/**/*.test.ts'"}`;
process.exit(await runUnderEmulators("test", mocha));
