/** Shared set-up of the Storage rules specs: the cast's teams and an upload helper. */
import { castTeams } from "../helpers/cast.js";
import { clearAndSeed, storageAs } from "../helpers/rules.js";

export const MiB = 1024 * 1024;

export async function seedTeamsAndClearStorage(): Promise<void> {
  await clearAndSeed(castTeams(), { storage: true });
}

export interface UploadOptions {
  size?: number;
  contentType?: string;
  customMetadata?: Record<string, string>;
}

/** Uploads `size` bytes to `path` as `uid`, the way the frontend does. */
export async function upload(uid: string | null, path: string, options: UploadOptions = {}) {
  const storage = await storageAs(uid);
  const bytes = new Uint8Array(options.size ?? 1024).fill(1);
  return storage.ref(path).put(bytes, { contentType: options.contentType ?? "image/png", customMetadata: options.customMetadata });
}
