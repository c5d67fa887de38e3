/**
 * The post's media file in Storage: its bytes (for platforms that take an upload) and a
 * short-lived URL (for platforms that pull media from a URL).
 */
import { randomUUID } from "node:crypto";
import { injectFault } from "../common/faults.js";
import { bucket, isEmulator } from "../common/firebase.js";
import { MEDIA_URL_TTL_MS } from "./timing.js";

export type MediaKind = "image" | "video";

export interface MediaFile {
  storagePath: string;
  kind: MediaKind;
  contentType: string;
  size: number;
}

/** The media could not be read from Storage (before any platform call: nothing was published). */
export class MediaUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The post's media could not be read: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "MediaUnavailableError";
  }
}

async function orUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new MediaUnavailableError(error);
  }
}

const isNotFound = (error: unknown) => (error as { code?: unknown } | null)?.code === 404;

/**
 * The stored object's type and size, or null when the file is gone (or is neither an image nor a
 * video). Any other Storage failure is a MediaUnavailableError: the post can be retried.
 */
export async function describeMedia(storagePath: string): Promise<MediaFile | null> {
  const metadata = await orUnavailable(async () => {
    await injectFault("posts.describeMedia");
    try {
      return (await bucket().file(storagePath).getMetadata())[0];
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  });
  if (!metadata) return null;
  const contentType = metadata.contentType ?? "application/octet-stream";
  const kind: MediaKind | null = contentType.startsWith("image/") ? "image" : contentType.startsWith("video/") ? "video" : null;
  if (!kind) return null;
  return { storagePath, kind, contentType, size: Number(metadata.size ?? 0) };
}

export function mediaBytes(media: MediaFile): Promise<Buffer> {
  return orUnavailable(async () => (await bucket().file(media.storagePath).download())[0]);
}

/**
 * The Storage emulator cannot sign URLs: there, the object's Firebase download-token URL on the
 * emulator stands in (a token is added when the object has none, as the console does).
 */
async function emulatorDownloadUrl(media: MediaFile): Promise<string> {
  const file = bucket().file(media.storagePath);
  const [metadata] = await file.getMetadata();
  let token = String(metadata.metadata?.firebaseStorageDownloadTokens ?? "").split(",")[0];
  if (!token) {
    token = randomUUID();
    await file.setMetadata({ metadata: { firebaseStorageDownloadTokens: token } });
  }
  const host = process.env.STORAGE_EMULATOR_HOST ?? `http://${process.env.FIREBASE_STORAGE_EMULATOR_HOST}`;
  return `${host}/v0/b/${bucket().name}/o/${encodeURIComponent(media.storagePath)}?alt=media&token=${token}`;
}

/**
 * A URL the platform can fetch the file from for the next 15 minutes: a V4 signed URL (signed
 * through IAM with the function's service account).
 */
export function mediaUrl(media: MediaFile): Promise<string> {
  return orUnavailable(async () => {
    if (isEmulator()) return emulatorDownloadUrl(media);
    const [url] = await bucket()
      .file(media.storagePath)
      .getSignedUrl({ version: "v4", action: "read", expires: Date.now() + MEDIA_URL_TTL_MS });
    return url;
  });
}
