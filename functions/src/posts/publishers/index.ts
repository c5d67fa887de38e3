/**
 * The publisher of each platform, and each platform's REST API root. In the emulator the roots
 * are overridable through `config/emulator.platformApiBaseUrl` (tests and the local harness point
 * it at the fake platforms): `<base>/<platform in lowercase>`.
 */
import type { CampaignPlatform } from "../../common/collections.js";
import { emulatorOverrides } from "../../common/emulatorOverrides.js";
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

export const API_BASES: Record<CampaignPlatform, string> = {
  X: "https://api.x.com",
  Facebook: "https://graph.facebook.com/v21.0",
  Instagram: "https://graph.instagram.com/v21.0",
  Threads: "https://graph.threads.net/v1.0",
  LinkedIn: "https://api.linkedin.com",
  Pinterest: "https://api.pinterest.com",
  TikTok: "https://open.tiktokapis.com",
  YouTube: "https://www.googleapis.com",
};

/** The API root for `platform`: production, or the fake platforms in the emulator. */
export async function apiBaseFor(platform: CampaignPlatform): Promise<string> {
  const { platformApiBaseUrl } = await emulatorOverrides("platformApiBaseUrl");
  return platformApiBaseUrl ? `${platformApiBaseUrl.replace(/\/$/, "")}/${platform.toLowerCase()}` : API_BASES[platform];
}
