/**
 * The campaign's fixed value lists, which other domains' models use too (`ai.ts`, `connections.ts`).
 * Apart from `campaign.ts` so that importing them builds none of the campaign schemas.
 */

/** Platform keys of `platformContents` and `scheduledPosts.platform` (docs/campaign.md). */
export const campaignPlatforms = ["Facebook", "Instagram", "X", "LinkedIn", "TikTok", "YouTube", "Pinterest", "Threads"] as const;
export type CampaignPlatform = (typeof campaignPlatforms)[number];

export const rstLevels = ["Not Assessed", "Low", "Medium", "High"] as const;
