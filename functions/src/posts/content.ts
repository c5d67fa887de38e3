/**
 * What a post says and shows: `content`, else the draft's `platformContents[platform]` text and
 * hashtags; the image (or video) from the draft entry (`processedImageStoragePath`,
 * `uploadedImageStoragePath` or `libraryAssetId`). Drafts are written by clients, so they are
 * parsed tolerantly: anything unusable becomes a `content-invalid` failure, never a crash.
 */
import { contentDraftRef } from "../common/collections/campaign.js";
import { libraryAssetRef } from "../common/collections/library.js";
import { documentIdProblem } from "../common/ids.js";
import { parseLibraryPath } from "../library/paths.js";
import { contentDraftSchema, type ScheduledPost } from "../models/campaign.js";
import { libraryAssetSchema } from "../models/library.js";
import { describeMedia, type MediaFile } from "./media.js";

export interface PostContent {
  text: string;
  media: MediaFile | null;
}

/** A reason the post cannot be published as it is, in words a user understands. */
export class ContentInvalidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContentInvalidError";
  }
}

/** `#tag` for each hashtag (a leading `#` is not doubled), space-separated. */
export function hashtagLine(hashtags: readonly string[]): string {
  return hashtags
    .map((tag) => tag.trim().replace(/^#+/, ""))
    .filter(Boolean)
    .map((tag) => `#${tag.replace(/\s+/g, "")}`)
    .join(" ");
}

/** Cloud Storage object names are at most 1,024 bytes (UTF-8): a longer path names no file. */
const MAX_OBJECT_NAME_BYTES = 1024;

/**
 * Whether the file is one of the team's content library files, the only folder a draft's media
 * may come from (firestore.rules, `isLibraryFilePath`): the file is read with admin rights and
 * handed to the platform, and other team files, such as chat attachments, are private to some
 * members (storage.rules).
 */
function isTeamLibraryFile(teamId: string, storagePath: string): boolean {
  const file = parseLibraryPath(storagePath);
  return (
    file !== null &&
    file.teamId === teamId &&
    Buffer.byteLength(storagePath) <= MAX_OBJECT_NAME_BYTES &&
    !documentIdProblem(file.assetId) &&
    file.fileName !== "." &&
    file.fileName !== ".."
  );
}

async function mediaFromDraftEntry(
  teamId: string,
  entry: { processedImageStoragePath?: string; uploadedImageStoragePath?: string; libraryAssetId?: string; mediaType?: string },
): Promise<MediaFile | null> {
  if (entry.mediaType === "none") return null;
  let storagePath = entry.processedImageStoragePath || entry.uploadedImageStoragePath;
  if (!storagePath && entry.libraryAssetId) {
    if (documentIdProblem(entry.libraryAssetId)) {
      throw new ContentInvalidError("The library file this post uses is not a valid reference. Pick the file from the library again.");
    }
    const asset = libraryAssetSchema.safeParse((await libraryAssetRef(teamId, entry.libraryAssetId).withConverter(null).get()).data());
    if (!asset.success) throw new ContentInvalidError("The library file this post uses was deleted. Pick another one.");
    storagePath = asset.data.storagePath;
  }
  if (!storagePath) return null;
  if (!isTeamLibraryFile(teamId, storagePath)) {
    throw new ContentInvalidError(
      "The post's image or video is not a file of this team's content library. Pick it from the library, or upload it there.",
    );
  }
  const media = await describeMedia(storagePath);
  if (!media) throw new ContentInvalidError("The image of this post was deleted. Pick another one.");
  return media;
}

export async function buildContent(teamId: string, post: ScheduledPost): Promise<PostContent> {
  const ownText = post.content?.trim() ?? "";
  if (!post.contentDraftId) return { text: ownText, media: null };
  if (documentIdProblem(post.contentDraftId)) {
    throw new ContentInvalidError("The post's draft is not a valid reference. Pick the draft again, or write the post's text.");
  }
  const snapshot = await contentDraftRef(teamId, post.contentDraftId).withConverter(null).get();
  if (!snapshot.exists) {
    if (ownText) return { text: ownText, media: null };
    throw new ContentInvalidError("The draft of this post was deleted, so there is nothing to publish.");
  }
  const draft = contentDraftSchema.safeParse(snapshot.data());
  if (!draft.success) throw new ContentInvalidError("The draft of this post could not be read. Open it, save it again and retry.");
  const entry = draft.data.platformContents[post.platform];
  if (!entry) {
    if (ownText) return { text: ownText, media: null };
    throw new ContentInvalidError(`The draft has no ${post.platform} version. Add one, or write the post's text.`);
  }
  const draftText = [entry.content?.trim() ?? "", hashtagLine(entry.hashtags ?? [])].filter(Boolean).join("\n\n");
  return { text: ownText || draftText, media: await mediaFromDraftEntry(teamId, entry) };
}
