/**
 * Lets a test call the functions' own service code in this process (e.g. `readUserApiKey`, as
 * the AI proxy will) with the environment the functions emulator gives it: emulator mode, the
 * project id and the local encryption key of functions/.env.local.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ID } from "./emulators.js";

const ENV_LOCAL = join(__dirname, "..", "..", "functions", ".env.local");

export function useFunctionsEnv(): void {
  process.env.FUNCTIONS_EMULATOR = "true";
  process.env.GCLOUD_PROJECT ??= PROJECT_ID;
  const line = readFileSync(ENV_LOCAL, "utf8")
    .split("\n")
    .find((l) => l.startsWith("LOCAL_ENCRYPTION_KEY="));
  if (!line) throw new Error(`${ENV_LOCAL} has no LOCAL_ENCRYPTION_KEY: run the tests with \`npm test\`.`);
  process.env.LOCAL_ENCRYPTION_KEY = line.slice("LOCAL_ENCRYPTION_KEY=".length).trim();
}
