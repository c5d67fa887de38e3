/** Helpers of the library emulator suites: members with a personal team, uploads, the byte counter. */
import { ref, uploadBytes } from "firebase/storage";
import { chatAttachmentPath, uploadLibraryAsset } from "../../client/src/index.js";
import { adminAuth, adminBucket, adminDb, eventually } from "../helpers/admin.js";
import type { Client } from "../helpers/clients.js";

/**
 * Uploads as the frontend does, through the package's `uploadLibraryAsset` into the given asset's
 * folder (named `Asset {assetId}`); `content` is the bytes or their number. Returns the storage path.
 */
export async function uploadAsset(
  user: Client & { uid: string },
  teamId: string,
  assetId: string,
  fileName: string,
  content: number | Uint8Array,
  contentType = "image/png",
): Promise<string> {
  const { storagePath } = await uploadLibraryAsset({
    db: user.db,
    storage: user.storage,
    teamId,
    uid: user.uid,
    assetId,
    data: typeof content === "number" ? new Uint8Array(content).fill(7) : content,
    fileName,
    contentType,
    name: `Asset ${assetId}`,
  });
  return storagePath;
}

/** Uploads a chat attachment into the user's own folder of a channel. */
export async function uploadAttachment(
  user: Client & { uid: string },
  teamId: string,
  channelId: string,
  fileName: string,
  size: number,
): Promise<string> {
  const path = chatAttachmentPath(teamId, channelId, user.uid, fileName);
  await uploadBytes(ref(user.storage, path), new Uint8Array(size).fill(5), { contentType: "application/pdf" });
  return path;
}

export const assetRecord = (teamId: string, assetId: string) => adminDb().doc(`teams/${teamId}/libraryAssets/${assetId}`);
export const usageDoc = (teamId: string) => adminDb().doc(`teams/${teamId}/usage/storage`);
export const fileExists = async (path: string) => (await adminBucket().file(path).exists())[0];

/** The team's counted bytes once they equal `bytes` (the Storage triggers run after the upload). */
export function countedBytes(teamId: string, bytes: number): Promise<number> {
  return eventually(`${bytes} bytes counted for ${teamId}`, async () => {
    const counted = (await usageDoc(teamId).get()).get("bytes") as number | undefined;
    return counted === bytes ? bytes : null;
  });
}

/**
 * Signs one throw-away user up through the Admin SDK and waits for the sign-up trigger to create
 * their profile, with the suite's budget: on a shared 2-core machine the trigger's first (cold)
 * run has taken longer than the 20 s `signUp` waits. The suites test what follows sign-up.
 */
export async function warmUpSignUp(timeoutMs = 90_000): Promise<void> {
  const user = await adminAuth().createUser({ email: `warm-up-${Date.now().toString(36)}@example.test`, password: "secret-password" });
  await eventually("the warm-up user's profile", async () => (await adminDb().doc(`users/${user.uid}`).get()).exists, timeoutMs);
}
