// Local-only configuration of the functions emulator, created on first run:
// - functions/.env.local: LOCAL_ENCRYPTION_KEY, a random key that stands in for Cloud KMS in the
//   emulator. It is an env value, not a declared secret, so that `firebase deploy` never asks for
//   a Secret Manager secret production does not use.
// - functions/.secret.local: empty platform AI keys (GEMINI_API_KEY, OPENAI_API_KEY), so the
//   emulator never reaches for Secret Manager; the offline Mock provider needs none.
// - the OAuth client id (.env.local) and secret (.secret.local) of every social platform, fixed
//   local values that the fake platforms (test/fakes/platforms) know too (docs/connections.md).
// - PUBLISH_MAX_CONCURRENT_DISPATCHES (.env.local): the publishing queue's concurrency, lowered
//   for the emulator (docs/publishing.md).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./emulator-env.mjs";

const PLATFORM_CLIENT_IDS = [
  "FACEBOOK_CLIENT_ID",
  "INSTAGRAM_CLIENT_ID",
  "X_CLIENT_ID",
  "LINKEDIN_CLIENT_ID",
  "TIKTOK_CLIENT_KEY",
  "YOUTUBE_CLIENT_ID",
  "PINTEREST_CLIENT_ID",
  "THREADS_CLIENT_ID",
];
const platformSlug = (name) => name.split("_")[0].toLowerCase();
/** The local OAuth client of a platform, as the fake platforms expect it. */
export const localPlatformClient = (slug) => ({ clientId: `local-${slug}-client`, clientSecret: `local-${slug}-secret` });

const FILES = {
  [join(ROOT, "functions", ".env.local")]: {
    LOCAL_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
    ...Object.fromEntries(PLATFORM_CLIENT_IDS.map((name) => [name, () => localPlatformClient(platformSlug(name)).clientId])),
    // The functions emulator starts one worker process (~130 MiB) per concurrent call: the
    // publishing queue runs a few tasks at a time locally instead of production's 1,000.
    PUBLISH_MAX_CONCURRENT_DISPATCHES: () => "6",
  },
  [join(ROOT, "functions", ".secret.local")]: {
    GEMINI_API_KEY: () => "",
    OPENAI_API_KEY: () => "",
    ...Object.fromEntries(
      PLATFORM_CLIENT_IDS.map((name) => [
        name.replace(/_CLIENT_(ID|KEY)$/, "_CLIENT_SECRET"),
        () => localPlatformClient(platformSlug(name)).clientSecret,
      ]),
    ),
  },
};

/** Appends `NAME=value` for each of `values` (name → make) that `file` does not have yet. */
function appendMissing(file, values) {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const present = new Set(current.split("\n").map((line) => line.split("=")[0]));
  const missing = Object.entries(values).filter(([name]) => !present.has(name));
  if (missing.length === 0) return;
  const lines = missing.map(([name, make]) => `${name}=${make()}`);
  const prefix = current && !current.endsWith("\n") ? "\n" : "";
  writeFileSync(file, `${current}${prefix}${lines.join("\n")}\n`, { mode: 0o600 });
}

/** Adds every missing local value; existing values are kept so encrypted data stays readable. */
export function ensureLocalSecrets() {
  for (const [file, values] of Object.entries(FILES)) appendMissing(file, values);
}

/**
 * Adds the default of every declared param (functions/src/common/params.ts; secrets aside) that
 * `file` does not set, as the functions emulator does when it loads the functions without them.
 * `npm test` writes them before its emulator sets start, so that no set writes them: two sets
 * loading at once both wrote them and the second failed to load every function ("Attempted to
 * write param-defined key REGION to .env files, but it was already defined"). Needs the built
 * functions (functions/lib).
 */
export function ensureParamDefaults(file = join(ROOT, "functions", ".env.local")) {
  const functionsRequire = createRequire(join(ROOT, "functions", "package.json"));
  functionsRequire("./lib/common/params.js");
  const { declaredParams } = functionsRequire("firebase-functions/params");
  const defaults = declaredParams
    .filter((param) => param.options && "default" in param.options && param.options.default !== undefined)
    .map((param) => [param.name, () => String(param.options.default)]);
  appendMissing(file, Object.fromEntries(defaults));
}
