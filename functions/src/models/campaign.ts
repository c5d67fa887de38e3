/**
 * Campaign data (CONTRACT §4): personas, operators, content drafts and scheduled posts,
 * written by clients under firestore.rules and read by functions of other domains.
 */
import * as z from "zod";
import { campaignPlatforms, rstLevels } from "./campaignEnums.js";
import { timestamp } from "./shared.js";

export { campaignPlatforms, rstLevels, type CampaignPlatform } from "./campaignEnums.js";

const campaignMeta = { createdBy: z.string(), createdAt: timestamp, updatedAt: timestamp };
const optionalText = z.string().optional();

/** `teams/{teamId}/personas/{id}`. */
export const personaSchema = z.object({
  name: z.string(),
  demographics: z.string(),
  psychographics: z.string(),
  initialBeliefs: z.string(),
  vulnerabilities: z.array(z.string()),
  avatarUrl: optionalText,
  rstProfile: z.object({ bas: z.enum(rstLevels), bis: z.enum(rstLevels), fffs: z.enum(rstLevels) }),
  ...campaignMeta,
});
export type Persona = z.infer<typeof personaSchema>;

/** `teams/{teamId}/operators/{id}`. */
export const operatorSchema = z.object({
  name: z.string(),
  type: z.string(),
  description: optionalText,
  targetPersonaId: optionalText,
  conditionedStimulus: optionalText,
  unconditionedStimulus: optionalText,
  desiredConditionedResponse: optionalText,
  reinforcementType: optionalText,
  ...campaignMeta,
});
export type Operator = z.infer<typeof operatorSchema>;

export const platformContentDetailSchema = z.object({
  content: optionalText,
  hashtags: z.array(z.string()).optional(),
  mediaType: z.enum(["none", "image", "video"]).optional(),
  subject: optionalText,
  imageSourceType: z.enum(["generate", "upload", "library"]).optional(),
  imagePrompt: optionalText,
  uploadedImageStoragePath: optionalText,
  libraryAssetId: optionalText,
  memeText: optionalText,
  processedImageStoragePath: optionalText,
  videoIdea: optionalText,
});
export type PlatformContentDetail = z.infer<typeof platformContentDetailSchema>;

/** `teams/{teamId}/contentDrafts/{id}`. */
export const contentDraftSchema = z.object({
  title: optionalText,
  personaId: optionalText,
  operatorId: optionalText,
  keyMessage: optionalText,
  platformContents: z.partialRecord(z.enum(campaignPlatforms), platformContentDetailSchema),
  ...campaignMeta,
});
export type ContentDraft = z.infer<typeof contentDraftSchema>;

/** Clients write `scheduled` and `cancelled`; the publisher (CONTRACT §6) the rest. */
export const scheduledPostStatuses = ["scheduled", "publishing", "published", "failed", "cancelled"] as const;
export type ScheduledPostStatus = (typeof scheduledPostStatuses)[number];

/** Why a post failed (CONTRACT §6, "Publishing"). */
export const publishFailureReasons = [
  "no-account",
  "needs-reauth",
  "content-invalid",
  "rate-limited",
  "platform-error",
  "unknown-outcome",
] as const;
export type PublishFailureReason = (typeof publishFailureReasons)[number];
export const publishFailureSchema = z.object({
  reason: z.enum(publishFailureReasons),
  message: z.string(),
  retryable: z.boolean(),
});
export type PublishFailure = z.infer<typeof publishFailureSchema>;

/** Who holds a `publishing` post, until when (docs/publishing.md, "Claim and lease"). */
export const publishLeaseSchema = z.object({ id: z.string(), expiresAt: timestamp, by: z.string() });
export type PublishLease = z.infer<typeof publishLeaseSchema>;

/** `teams/{teamId}/scheduledPosts/{id}`: clients create and edit `scheduled` posts; the publisher sets the rest. */
export const scheduledPostSchema = z.object({
  contentDraftId: optionalText,
  platform: z.enum(campaignPlatforms),
  connectedAccountId: optionalText,
  content: optionalText,
  scheduledAt: timestamp,
  timezone: z.string(),
  status: z.enum(scheduledPostStatuses),
  ...campaignMeta,
  // Server-only fields, written by the publisher (functions/src/posts/).
  publishedAt: timestamp.optional(),
  platformPostId: optionalText,
  permalink: optionalText,
  failure: publishFailureSchema.optional(),
  lease: publishLeaseSchema.optional(),
  /** Not before this time: the platform answered 429 and said when to come back. */
  retryAt: timestamp.optional(),
  /** How many times the platform answered 429 for this post since it was last scheduled. */
  rateLimitedAttempts: z.number().int().nonnegative().optional(),
});
export type ScheduledPost = z.infer<typeof scheduledPostSchema>;
