#!/usr/bin/env node
// `npm run bench`: the benchmark scripts of bench/ under one `firebase emulators:exec`, with the
// emulators' output in .local/bench-emulators.log.
import { runUnderEmulators } from "./lib/run-under-emulators.mjs";

process.exit(await runUnderEmulators("bench", "npx tsx bench/index.ts"));
