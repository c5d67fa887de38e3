/**
 * Test seam for outside services, active only in the emulator: tests start local fakes of
 * Gemini, OpenAI, Cloud KMS or a social platform on free ports and record their URLs in the
 * Firestore document `config/emulator`; code that talks to those services asks here first.
 * In production this always answers nothing without reading anything.
 */
import type { DocumentReference, DocumentSnapshot } from "firebase-admin/firestore";
import { db, isEmulator } from "./firebase.js";

/** `config/emulator` in the emulator, for callers that fold it into a read of their own; null in production. */
export function emulatorConfigRef(): DocumentReference | null {
  return isEmulator() ? db().doc("config/emulator") : null;
}

/** The non-empty string values of `keys` in a read of `config/emulator` (none without one). */
export function overridesFrom<K extends string>(snapshot: DocumentSnapshot | undefined, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = snapshot?.get(key);
    if (typeof value === "string" && value) out[key] = value;
  }
  return out;
}

/** Several overrides in one read. */
export async function emulatorOverrides<K extends string>(...keys: K[]): Promise<Partial<Record<K, string>>> {
  const ref = emulatorConfigRef();
  return overridesFrom(ref ? await ref.get() : undefined, keys);
}
