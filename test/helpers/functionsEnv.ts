/**
 * Lets a test call the functions' own service code in this process (e.g. `readUserApiKey`, as
 * the AI proxy does) with the environment the functions emulator gives it: emulator mode, the
 * project id and the local encryption key of functions/.env.local.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ID } from "./emulators.js";

const ENV_LOCAL = join(__dirname, "..", "..", "functions", ".env.local");
const NAMES = ["FUNCTIONS_EMULATOR", "GCLOUD_PROJECT", "LOCAL_ENCRYPTION_KEY", "KMS_KEY_NAME", "REGION"] as const;

function localEncryptionKey(): string {
  const line = readFileSync(ENV_LOCAL, "utf8")
    .split("\n")
    .find((l) => l.startsWith("LOCAL_ENCRYPTION_KEY="));
  if (!line) throw new Error(`${ENV_LOCAL} has no LOCAL_ENCRYPTION_KEY: run the tests with \`npm test\`.`);
  return line.slice("LOCAL_ENCRYPTION_KEY=".length).trim();
}

/** Sets the functions' environment in this process for good (benchmarks; suites use useFunctionsEnv). */
export function applyFunctionsEnv(): void {
  process.env.FUNCTIONS_EMULATOR = "true";
  process.env.GCLOUD_PROJECT ??= PROJECT_ID;
  // The `region` param's default, which the functions emulator writes to functions/.env.local.
  process.env.REGION ||= "us-central1";
  process.env.LOCAL_ENCRYPTION_KEY = localEncryptionKey();
  delete process.env.KMS_KEY_NAME;
}

/**
 * Registers hooks on the current suite: before it, the functions' environment is set; after it,
 * the process environment is put back, so other suites see no change.
 */
export function useFunctionsEnv(): void {
  const saved: Partial<Record<(typeof NAMES)[number], string>> = {};
  before(() => {
    for (const name of NAMES) saved[name] = process.env[name];
    applyFunctionsEnv();
  });
  after(() => {
    for (const name of NAMES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
}
