import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import type * as storageModule from "firebase-admin/storage";

/**
 * Initialises the default Admin app once; safe to call from any module. In the emulator only,
 * `PIXA_FIRESTORE_PROXY` (set by `npm run bench`) sends the functions' Firestore traffic through
 * the benchmark's counting proxy (bench/count/firestoreCounter.ts), which forwards it unchanged.
 */
export function app() {
  const proxy = process.env.PIXA_FIRESTORE_PROXY;
  if (proxy && isEmulator()) process.env.FIRESTORE_EMULATOR_HOST = proxy;
  return getApps()[0] ?? initializeApp();
}

export function db(): Firestore {
  return getFirestore(app());
}

/**
 * The default bucket. `firebase-admin/storage` loads on first use: most functions never touch
 * Storage, and loading it costs every instance a few milliseconds of its cold start.
 */
export function bucket(): ReturnType<storageModule.Storage["bucket"]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- callers use the bucket synchronously
  const { getStorage } = require("firebase-admin/storage") as typeof storageModule;
  return getStorage(app()).bucket();
}

/** True when running inside the Firebase emulator suite (never in production). */
export function isEmulator(): boolean {
  return process.env.FUNCTIONS_EMULATOR === "true";
}
