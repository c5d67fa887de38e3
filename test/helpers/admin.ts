/** The Admin SDK, pointed at the emulators, for seeding and checking what functions wrote. */
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { FieldValue, getFirestore } from "firebase-admin/firestore";
import { getStorage } from "firebase-admin/storage";
import { PROJECT_ID } from "./emulators.js";

function adminApp() {
  return getApps().find((a) => a.name === "admin-tests") ?? initializeApp({ projectId: PROJECT_ID }, "admin-tests");
}

export const adminDb = () => getFirestore(adminApp());
export const adminAuth = () => getAuth(adminApp());
/** The default bucket of the test project (the one clients and functions use). */
export const adminBucket = () => getStorage(adminApp()).bucket(`${PROJECT_ID}.appspot.com`);

/** Polls until `check` returns a value other than undefined/null/false, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Uploads `files` (path and content, under `teams/{teamId}/`) one at a time, each counted in the
 * team's storage usage (`teams/{teamId}/usage/storage`, written by the finalize trigger) before
 * the next. Uploads in a row start their finalize triggers side by side, on new workers early in a
 * run, and all of them update that one counter in transactions: on a busy machine the emulator
 * times some out ("Transaction lock timeout"), the trigger fails and its worker is stopped, and
 * a timed-out transaction's lock can outlast the test into the next suite's clear.
 */
export async function uploadCounted(teamId: string, files: Array<{ path: string; content: string }>, timeoutMs = 60_000): Promise<void> {
  const usage = adminDb().doc(`teams/${teamId}/usage/storage`);
  let bytes = Number((await usage.get()).get("bytes") ?? 0);
  for (const { path, content } of files) {
    await adminBucket().file(path).save(content);
    bytes += Buffer.byteLength(content);
    await eventually(`${path} counted`, async () => (await usage.get()).get("bytes") === bytes, timeoutMs);
  }
}

/**
 * Adds `uid` to a team with the Admin SDK, the way accepting an invitation does: the
 * membership document, the team's memberIds and the user's teamIds.
 */
export async function addTeamMember(teamId: string, uid: string, role: "admin" | "member" = "member"): Promise<void> {
  const db = adminDb();
  const profile = (await db.doc(`users/${uid}`).get()).data();
  const batch = db.batch();
  batch.set(db.doc(`teams/${teamId}/members/${uid}`), {
    role,
    name: profile?.name ?? uid,
    email: profile?.email ?? null,
    joinedAt: FieldValue.serverTimestamp(),
  });
  batch.update(db.doc(`teams/${teamId}`), { memberIds: FieldValue.arrayUnion(uid) });
  batch.update(db.doc(`users/${uid}`), { teamIds: FieldValue.arrayUnion(teamId), updatedAt: FieldValue.serverTimestamp() });
  await batch.commit();
}
