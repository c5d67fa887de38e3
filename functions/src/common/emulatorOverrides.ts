/**
 * Test seam for outside services, active only in the emulator: tests start local fakes of
 * Gemini, OpenAI, Cloud KMS or a social platform on free ports and record their URLs in the
 * Firestore document `config/emulator`; code that talks to those services asks here first.
 * In production this always answers `undefined` without reading anything.
 */
import { db, isEmulator } from "./firebase.js";

export async function emulatorOverride(key: string): Promise<string | undefined> {
  if (!isEmulator()) return undefined;
  const snapshot = await db().doc("config/emulator").get();
  const value = snapshot.get(key);
  return typeof value === "string" && value ? value : undefined;
}
