/**
 * What each platform accepts, checked before any platform call so that a post the platform
 * would refuse fails at once with `content-invalid` and a message the user can act on.
 * Limits are the platforms' documented ones (docs/publishing.md, "Content checks").
 */
import type { CampaignPlatform } from "../models/campaignEnums.js";
import { ContentInvalidError, type PostContent } from "./content.js";

interface PlatformLimits {
  /** Longest text, in characters (Unicode code points). */
  maxText: number;
  media: "optional-image" | "image-required" | "video-required";
  /** Image types the platform takes; others are refused before the call. */
  imageTypes: readonly string[];
}

const COMMON_IMAGES = ["image/jpeg", "image/png", "image/gif", "image/webp"];

export const PLATFORM_LIMITS: Record<CampaignPlatform, PlatformLimits> = {
  X: { maxText: 280, media: "optional-image", imageTypes: ["image/jpeg", "image/png", "image/gif", "image/webp"] },
  Facebook: { maxText: 63_206, media: "optional-image", imageTypes: COMMON_IMAGES },
  Instagram: { maxText: 2_200, media: "image-required", imageTypes: ["image/jpeg"] },
  Threads: { maxText: 500, media: "optional-image", imageTypes: ["image/jpeg", "image/png"] },
  LinkedIn: { maxText: 3_000, media: "optional-image", imageTypes: ["image/jpeg", "image/png", "image/gif"] },
  Pinterest: { maxText: 500, media: "image-required", imageTypes: ["image/jpeg", "image/png", "image/webp"] },
  TikTok: { maxText: 4_000, media: "image-required", imageTypes: ["image/jpeg", "image/webp"] },
  YouTube: { maxText: 5_000, media: "video-required", imageTypes: [] },
};

const characters = (text: string) => Array.from(text).length;

/** Throws ContentInvalidError when `platform` would refuse `content`. */
export function validateContent(platform: CampaignPlatform, content: PostContent): void {
  const limits = PLATFORM_LIMITS[platform];
  const length = characters(content.text);
  if (length > limits.maxText) {
    throw new ContentInvalidError(
      `The text is ${length} characters long; ${platform} allows at most ${limits.maxText}. Shorten it and retry.`,
    );
  }
  const media = content.media;
  if (limits.media === "video-required") {
    if (media?.kind !== "video")
      throw new ContentInvalidError(`${platform} publishes videos only: add a video from the library to this post.`);
    return;
  }
  if (limits.media === "image-required" && media?.kind !== "image") {
    throw new ContentInvalidError(`${platform} needs an image: add one to this post.`);
  }
  if (media?.kind === "video") throw new ContentInvalidError(`Publishing videos to ${platform} is not supported yet: use an image.`);
  if (media && !limits.imageTypes.includes(media.contentType)) {
    const accepted = limits.imageTypes.map((type) => type.replace("image/", "").toUpperCase()).join(", ");
    throw new ContentInvalidError(`${platform} accepts ${accepted} images only; this one is ${media.contentType}.`);
  }
  if (!media && length === 0) throw new ContentInvalidError("This post has no text and no image.");
}
