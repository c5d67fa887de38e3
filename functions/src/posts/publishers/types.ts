import type { CampaignPlatform } from "../../models/campaignEnums.js";
import type { MediaFile } from "../media.js";

/** What a publisher needs; it never sees the post document or Firestore. */
export interface PublishRequest {
  platform: CampaignPlatform;
  /** The platform's REST API root (production, or the fake in the emulator). */
  apiBase: string;
  accessToken: string;
  /** The platform's id of the account (page, organisation, user) to publish as. */
  platformAccountId: string;
  /** `profile` | `page` | `organization`. */
  accountKind: string;
  text: string;
  media: MediaFile | null;
  /** Bytes of the media, for platforms that take an upload. */
  mediaBytes(): Promise<Buffer>;
  /** A short-lived URL of the media, for platforms that pull it. */
  mediaUrl(): Promise<string>;
  /**
   * `url` (an upload URL from the platform's answer) when the platform catalog lists its host for
   * this platform; throws UntrustedUploadUrlError otherwise. Every URL taken from an answer goes
   * through here before the token is sent to it.
   */
  trustedUploadUrl(url: string): string;
}

export interface PublishResult {
  platformPostId: string;
  permalink?: string;
}

/** One platform's wire format for "create this post". */
export interface Publisher {
  publish(request: PublishRequest): Promise<PublishResult>;
}
