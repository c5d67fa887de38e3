/**
 * Publishing (CONTRACT §6): the `posts-*` callables. The `scheduledPosts` document, with its
 * server-only fields, is in `campaign.ts`. Typed from the contract; the publishing domain's own
 * schemas are merged into this module.
 */
import * as z from "zod";
import { docId } from "./shared.js";

/** `posts-publishNow { teamId, postId }` (members): publish a scheduled post now. */
export const publishNowInput = z.strictObject({ teamId: docId, postId: docId });

/** `posts-retry { teamId, postId }` (members): a failed post goes back to `scheduled` for now. */
export const retryPostInput = z.strictObject({ teamId: docId, postId: docId });
