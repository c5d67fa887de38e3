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
