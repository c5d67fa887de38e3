/**
 * The eight platforms as data, in one place: where to send the browser, where to exchange and
 * refresh tokens, how the client authenticates, whether PKCE is used, which scopes are asked,
 * where the profile is read and how its fields map, how tokens are revoked and refreshed.
 * Endpoint URLs are the production ones; in the emulator only, `config/emulator.platformsOrigin`
 * moves every one of them to a local fake (endpoints.ts). Publishing base URLs live here too so
 * that the publisher reaches the same fake, and so do the hosts a platform hands out for uploads:
 * an account's token goes to no URL this catalog does not name.
 */
import type { CampaignPlatform } from "../models/campaignEnums.js";

/**
 * How the client proves itself at the token endpoint:
 * - `basic`: HTTP Basic `client_id:client_secret` (X, Pinterest);
 * - `post`: `client_id` and `client_secret` in the form body (LinkedIn, Google, Instagram, Threads);
 * - `tiktok`: `client_key` and `client_secret` in the form body;
 * - `metaGet`: `client_id` and `client_secret` in the query of a GET (Facebook's Graph API).
 */
export type ClientAuthStyle = "basic" | "post" | "tiktok" | "metaGet";

/**
 * How tokens stay usable:
 * - `refreshToken`: the OAuth refresh grant ahead of `expires_in` (X and TikTok rotate it);
 * - `metaLongLived`: Instagram's / Threads' own refresh grant on the long-lived token once it is a day old;
 * - `none`: nothing to refresh (Facebook Page tokens from a long-lived user token do not expire).
 */
export type RefreshStyle = "refreshToken" | "metaLongLived" | "none";

/** Which accounts one grant reaches. */
export type TargetStyle = "profile" | "facebookPages" | "linkedinOrganizations";

export interface PlatformDefinition {
  platform: CampaignPlatform;
  /** Lowercase path segment: the callback path (`/connections-callback/<slug>`) and account ids. */
  slug: string;
  authorizeUrl: string;
  /** The query parameter that carries the client id on the authorize URL (`client_key` on TikTok). */
  authorizeClientIdParam: string;
  /** Extra authorize parameters (Google's offline access). */
  authorizeExtras?: Record<string, string>;
  tokenUrl: string;
  /** The issuer of ID tokens the token endpoint returns (LinkedIn's OpenID scopes); default: the token URL's origin. */
  issuer?: string;
  clientAuth: ClientAuthStyle;
  pkce: boolean;
  scopes: string[];
  scopeSeparator: " " | ",";
  /** Meta's step from a short-lived to a long-lived token (GET with the secret). */
  longLived?: { url: string; grantType: "fb_exchange_token" | "ig_exchange_token" | "th_exchange_token" };
  refresh: RefreshStyle;
  /** Instagram/Threads: the GET refresh endpoint and grant of their long-lived tokens. */
  longLivedRefresh?: { url: string; grantType: "ig_refresh_token" | "th_refresh_token" };
  /** Where the token is revoked, and how; absent: the platform has no revoke endpoint. */
  revoke?: { url: string; style: "oauth" | "tiktok" | "google" | "facebookPermissions" };
  profileUrl: string;
  targets: TargetStyle;
  /** Facebook Pages / LinkedIn organisations list. */
  targetsUrl?: string;
  /** Base URL of the publishing API (for posts/). */
  apiBaseUrl: string;
  /**
   * Hosts of the upload URLs the platform returns in its answers (LinkedIn's `uploadUrl`,
   * YouTube's resumable session `Location`), which get the account's token: an upload URL on any
   * other host, or not https, is refused. Absent: the platform hands out no such URL.
   */
  uploadHosts?: string[];
}

export const PLATFORMS: Record<CampaignPlatform, PlatformDefinition> = {
  Facebook: {
    platform: "Facebook",
    slug: "facebook",
    authorizeUrl: "https://www.facebook.com/v21.0/dialog/oauth",
    authorizeClientIdParam: "client_id",
    tokenUrl: "https://graph.facebook.com/v21.0/oauth/access_token",
    clientAuth: "metaGet",
    pkce: false,
    scopes: ["pages_show_list", "pages_read_engagement", "pages_manage_posts"],
    scopeSeparator: ",",
    longLived: { url: "https://graph.facebook.com/v21.0/oauth/access_token", grantType: "fb_exchange_token" },
    refresh: "none",
    revoke: { url: "https://graph.facebook.com/v21.0/me/permissions", style: "facebookPermissions" },
    profileUrl: "https://graph.facebook.com/v21.0/me?fields=id,name",
    targets: "facebookPages",
    targetsUrl: "https://graph.facebook.com/v21.0/me/accounts?fields=id,name,access_token,picture{url}",
    apiBaseUrl: "https://graph.facebook.com/v21.0",
  },
  Instagram: {
    platform: "Instagram",
    slug: "instagram",
    authorizeUrl: "https://www.instagram.com/oauth/authorize",
    authorizeClientIdParam: "client_id",
    tokenUrl: "https://api.instagram.com/oauth/access_token",
    clientAuth: "post",
    pkce: false,
    scopes: ["instagram_business_basic", "instagram_business_content_publish"],
    scopeSeparator: ",",
    longLived: { url: "https://graph.instagram.com/access_token", grantType: "ig_exchange_token" },
    refresh: "metaLongLived",
    longLivedRefresh: { url: "https://graph.instagram.com/refresh_access_token", grantType: "ig_refresh_token" },
    profileUrl: "https://graph.instagram.com/v21.0/me?fields=user_id,username,profile_picture_url",
    targets: "profile",
    apiBaseUrl: "https://graph.instagram.com/v21.0",
  },
  X: {
    platform: "X",
    slug: "x",
    authorizeUrl: "https://x.com/i/oauth2/authorize",
    authorizeClientIdParam: "client_id",
    tokenUrl: "https://api.x.com/2/oauth2/token",
    clientAuth: "basic",
    pkce: true,
    scopes: ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"],
    scopeSeparator: " ",
    refresh: "refreshToken",
    revoke: { url: "https://api.x.com/2/oauth2/revoke", style: "oauth" },
    profileUrl: "https://api.x.com/2/users/me?user.fields=profile_image_url",
    targets: "profile",
    apiBaseUrl: "https://api.x.com",
  },
  LinkedIn: {
    platform: "LinkedIn",
    slug: "linkedin",
    authorizeUrl: "https://www.linkedin.com/oauth/v2/authorization",
    authorizeClientIdParam: "client_id",
    tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
    issuer: "https://www.linkedin.com/oauth",
    clientAuth: "post",
    pkce: false,
    scopes: ["openid", "profile", "w_member_social", "rw_organization_admin", "w_organization_social"],
    scopeSeparator: " ",
    refresh: "refreshToken",
    revoke: { url: "https://www.linkedin.com/oauth/v2/revoke", style: "oauth" },
    profileUrl: "https://api.linkedin.com/v2/userinfo",
    targets: "linkedinOrganizations",
    targetsUrl:
      "https://api.linkedin.com/v2/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&projection=(elements*(organization~(id,localizedName)))",
    apiBaseUrl: "https://api.linkedin.com",
    // Images API: `https://www.linkedin.com/dms-uploads/...`; the older Assets API: `https://api.linkedin.com/mediaUpload/...`.
    uploadHosts: ["www.linkedin.com", "api.linkedin.com"],
  },
  TikTok: {
    platform: "TikTok",
    slug: "tiktok",
    authorizeUrl: "https://www.tiktok.com/v2/auth/authorize/",
    authorizeClientIdParam: "client_key",
    tokenUrl: "https://open.tiktokapis.com/v2/oauth/token/",
    clientAuth: "tiktok",
    pkce: false,
    scopes: ["user.info.basic", "video.publish", "video.upload"],
    scopeSeparator: ",",
    refresh: "refreshToken",
    revoke: { url: "https://open.tiktokapis.com/v2/oauth/revoke/", style: "tiktok" },
    profileUrl: "https://open.tiktokapis.com/v2/user/info/?fields=open_id,display_name,avatar_url",
    targets: "profile",
    apiBaseUrl: "https://open.tiktokapis.com",
  },
  YouTube: {
    platform: "YouTube",
    slug: "youtube",
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    authorizeClientIdParam: "client_id",
    authorizeExtras: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
    tokenUrl: "https://oauth2.googleapis.com/token",
    clientAuth: "post",
    pkce: true,
    scopes: ["https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly"],
    scopeSeparator: " ",
    refresh: "refreshToken",
    revoke: { url: "https://oauth2.googleapis.com/revoke", style: "google" },
    profileUrl: "https://www.googleapis.com/youtube/v3/channels?part=snippet&mine=true",
    targets: "profile",
    apiBaseUrl: "https://www.googleapis.com",
    // The resumable session URI: `https://www.googleapis.com/upload/youtube/v3/videos?...&upload_id=...`.
    uploadHosts: ["www.googleapis.com"],
  },
  Pinterest: {
    platform: "Pinterest",
    slug: "pinterest",
    authorizeUrl: "https://www.pinterest.com/oauth/",
    authorizeClientIdParam: "client_id",
    tokenUrl: "https://api.pinterest.com/v5/oauth/token",
    clientAuth: "basic",
    pkce: false,
    scopes: ["boards:read", "pins:read", "pins:write", "user_accounts:read"],
    scopeSeparator: ",",
    refresh: "refreshToken",
    profileUrl: "https://api.pinterest.com/v5/user_account",
    targets: "profile",
    apiBaseUrl: "https://api.pinterest.com",
  },
  Threads: {
    platform: "Threads",
    slug: "threads",
    authorizeUrl: "https://threads.net/oauth/authorize",
    authorizeClientIdParam: "client_id",
    tokenUrl: "https://graph.threads.net/oauth/access_token",
    clientAuth: "post",
    pkce: false,
    scopes: ["threads_basic", "threads_content_publish"],
    scopeSeparator: ",",
    longLived: { url: "https://graph.threads.net/access_token", grantType: "th_exchange_token" },
    refresh: "metaLongLived",
    longLivedRefresh: { url: "https://graph.threads.net/refresh_access_token", grantType: "th_refresh_token" },
    profileUrl: "https://graph.threads.net/v1.0/me?fields=id,username,threads_profile_picture_url",
    targets: "profile",
    apiBaseUrl: "https://graph.threads.net/v1.0",
  },
};

export function platformDefinition(platform: CampaignPlatform): PlatformDefinition {
  return PLATFORMS[platform];
}

/** The platform whose callback path segment is `slug`, or null. */
export function platformBySlug(slug: string): PlatformDefinition | null {
  return Object.values(PLATFORMS).find((p) => p.slug === slug) ?? null;
}
