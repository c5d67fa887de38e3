/**
 * Publishing (CONTRACT §6): the `posts-*` callables, typed from the contract. No publishing
 * function is deployed yet (functions/src has no posts domain): calling these answers
 * `not-found` until one is. The `scheduledPosts` document is in `campaign.ts`.
 */
import * as z from "zod";
import { documentId } from "./shared.js";

/** `posts-publishNow { teamId, postId }` (members): publish a scheduled post now. */
export const publishNowInput = z.strictObject({ teamId: documentId, postId: documentId });

/** `posts-retry { teamId, postId }` (members): a failed post goes back to `scheduled` for now. */
export const retryPostInput = z.strictObject({ teamId: documentId, postId: documentId });
