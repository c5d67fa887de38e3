/**
 * The publisher of each platform. Their API roots come from the connections catalog
 * (`publishingEndpointsFor`), which moves them to the fake platforms in the emulator.
 */
import type { CampaignPlatform } from "../../models/campaignEnums.js";
import { facebookPublisher } from "./facebook.js";
import { instagramPublisher } from "./instagram.js";
import { linkedinPublisher } from "./linkedin.js";
import { pinterestPublisher } from "./pinterest.js";
import { threadsPublisher } from "./threads.js";
import { tiktokPublisher } from "./tiktok.js";
import type { Publisher } from "./types.js";
import { xPublisher } from "./x.js";
import { youtubePublisher } from "./youtube.js";

export const PUBLISHERS: Record<CampaignPlatform, Publisher> = {
  X: xPublisher,
  Facebook: facebookPublisher,
  Instagram: instagramPublisher,
  Threads: threadsPublisher,
  LinkedIn: linkedinPublisher,
  Pinterest: pinterestPublisher,
  TikTok: tiktokPublisher,
  YouTube: youtubePublisher,
};
