/**
 * Security-rules test environment on the running emulators, loaded with the project's real
 * rules files. One context per role: `as(uid)` for a signed-in user, `anonymous()` signed out.
 */
import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { emulators, PROJECT_ID } from "./emulators.js";

const ROOT = join(__dirname, "..", "..");
let env: RulesTestEnvironment | null = null;

export async function rulesEnv(): Promise<RulesTestEnvironment> {
  if (env) return env;
  const fs = emulators.firestore();
  const st = emulators.storage();
  env = await initializeTestEnvironment({
    projectId: PROJECT_ID,
    firestore: { host: fs.host, port: fs.port, rules: readFileSync(join(ROOT, "firestore.rules"), "utf8") },
    storage: { host: st.host, port: st.port, rules: readFileSync(join(ROOT, "storage.rules"), "utf8") },
  });
  return env;
}

/** Writes documents with rules bypassed: `seed({ 'users/alice': {...} })`. */
export async function seed(docs: Record<string, Record<string, unknown>>): Promise<void> {
  const testEnv = await rulesEnv();
  await testEnv.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    await Promise.all(Object.entries(docs).map(([path, data]) => db.doc(path).set(data)));
  });
}

/** A Firestore client signed in as `uid`, under the rules. */
export async function firestoreAs(uid: string) {
  return (await rulesEnv()).authenticatedContext(uid).firestore();
}

export const expectAllowed = assertSucceeds;
export const expectDenied = assertFails;
