/**
 * Security-rules test environment on the running emulators, loaded with the project's real
 * rules files. One context per role: `firestoreAs(uid)` / `storageAs(uid)` for a signed-in user,
 * `firestoreAs(null)` / `storageAs(null)` signed out. Documents are seeded with the rules
 * bypassed, as the cast of test/helpers/cast.ts.
 */
import { assertFails, assertSucceeds, initializeTestEnvironment } from "@firebase/rules-unit-testing";
import type { RulesTestContext, RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { emulators, PROJECT_ID, clearStorageData, setBackgroundTriggers } from "./emulators.js";

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

/** The Firestore of one rules-test context. */
export type RulesDb = ReturnType<RulesTestContext["firestore"]>;
/** The Storage of one rules-test context. */
export type RulesStorage = ReturnType<RulesTestContext["storage"]>;

async function contextOf(uid: string | null): Promise<RulesTestContext> {
  const testEnv = await rulesEnv();
  return uid ? testEnv.authenticatedContext(uid) : testEnv.unauthenticatedContext();
}

/** A Firestore client signed in as `uid` (signed out for null), under the rules. */
export async function firestoreAs(uid: string | null): Promise<RulesDb> {
  return (await contextOf(uid)).firestore();
}

/** A Storage client signed in as `uid` (signed out for null), under the rules. */
export async function storageAs(uid: string | null): Promise<RulesStorage> {
  return (await contextOf(uid)).storage();
}

/** Writes documents with rules bypassed: `seed({ 'users/alice': {...} })`. */
export async function seed(docs: Record<string, Record<string, unknown>>): Promise<void> {
  const testEnv = await rulesEnv();
  await testEnv.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    await Promise.all(Object.entries(docs).map(([path, data]) => db.doc(path).set(data)));
  });
}

/** Deletes a document with rules bypassed, e.g. a membership, to test a member removed since. */
export async function deleteSeeded(path: string): Promise<void> {
  const testEnv = await rulesEnv();
  await testEnv.withSecurityRulesDisabled(async (context) => {
    await context.firestore().doc(path).delete();
  });
}

/**
 * Starts a rules test from a known state: Firestore emptied (and Storage too, with
 * `{ storage: true }`), then `docs` seeded. Use it in `beforeEach`.
 *
 * Rules tests run with the functions' background triggers off: a rules test asks only what the
 * rules allow, while its seeds, uploads and clears (the emulator's clear deletes every document
 * one by one, each deletion an event) would start trigger executions that do nothing for it,
 * queue in front of the next files' functions and use the CPU the other emulator set needs.
 * `useEmptyEmulators` switches them on again.
 */
export async function clearAndSeed(docs: Record<string, Record<string, unknown>> = {}, options: { storage?: boolean } = {}): Promise<void> {
  await setBackgroundTriggers(false);
  const testEnv = await rulesEnv();
  await testEnv.clearFirestore();
  if (options.storage) await clearStorageData();
  await seed(docs);
}

/** Writes a file with the rules bypassed. */
export async function seedFile(path: string, customMetadata: Record<string, string> = {}, contentType = "image/png"): Promise<void> {
  const testEnv = await rulesEnv();
  await testEnv.withSecurityRulesDisabled(async (context) => {
    await context.storage().ref(path).put(new Uint8Array(64).fill(2), { contentType, customMetadata });
  });
}

export const expectAllowed = assertSucceeds;
export const expectDenied = assertFails;
