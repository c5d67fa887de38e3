import { z } from "zod";
import { campaignPlatforms } from "../common/collections.js";
import { docId } from "../teams/schemas.js";

export const platformName = z.enum(campaignPlatforms, { message: `must be one of ${campaignPlatforms.join(", ")}` });

export const startInput = z.strictObject({ teamId: docId, platform: platformName });
export const pendingInput = z.strictObject({ pendingId: docId });
export const completeInput = z.strictObject({
  pendingId: docId,
  targetIds: z.array(z.string().min(1).max(256)).min(1, "must name at least one target").max(100).optional(),
});
export const disconnectInput = z.strictObject({ teamId: docId, connectedAccountId: docId });
