/**
 * The post's media file in Storage: its bytes (for platforms that take an upload) and a
 * short-lived URL (for platforms that pull media from a URL).
 */
import { bucket, isEmulator } from "../common/firebase.js";
import { MEDIA_URL_TTL_MS } from "./timing.js";

export type MediaKind = "image" | "video";

export interface MediaFile {
  storagePath: string;
  kind: MediaKind;
  contentType: string;
  size: number;
}

/** The stored object's type and size, or null when the file is gone. */
export async function describeMedia(storagePath: string): Promise<MediaFile | null> {
  const file = bucket().file(storagePath);
  const [exists] = await file.exists();
  if (!exists) return null;
  const [metadata] = await file.getMetadata();
  const contentType = metadata.contentType ?? "application/octet-stream";
  const kind: MediaKind | null = contentType.startsWith("image/") ? "image" : contentType.startsWith("video/") ? "video" : null;
  if (!kind) return null;
  return { storagePath, kind, contentType, size: Number(metadata.size ?? 0) };
}

export async function mediaBytes(media: MediaFile): Promise<Buffer> {
  const [bytes] = await bucket().file(media.storagePath).download();
  return bytes;
}

/**
 * A URL the platform can fetch the file from for the next 15 minutes: a V4 signed URL (signed
 * through IAM with the function's service account). The Storage emulator cannot sign URLs, so
 * there the file's download-token URL on the emulator stands in.
 */
export async function mediaUrl(media: MediaFile): Promise<string> {
  const file = bucket().file(media.storagePath);
  if (isEmulator()) {
    const { getDownloadURL } = await import("firebase-admin/storage");
    return getDownloadURL(file);
  }
  const [url] = await file.getSignedUrl({ version: "v4", action: "read", expires: Date.now() + MEDIA_URL_TTL_MS });
  return url;
}
