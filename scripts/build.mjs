#!/usr/bin/env node
// `npm run build`: compiles the functions (functions/lib) and the client package (client/dist)
// side by side (scripts/lib/build.mjs); a failed step's compiler output is printed.
import { build } from "./lib/build.mjs";

const { code, output } = await build();
if (code !== 0) console.error(output);
process.exit(code);
