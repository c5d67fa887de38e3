/**
 * Publishing one claimed post: the account, the content and its checks, the token, the platform
 * call with its error handling, and the outcome written back under the claim's lease.
 *
 * Errors: a 401 refreshes the token once and calls again (a 401 means nothing was created); a 429
 * puts the post back to `scheduled` until the platform's reset time (the trigger enqueues it
 * again), at most MAX_RATE_LIMITED_ATTEMPTS times; anything that may have created the post
 * (no answer to the create call, an unexpected error) is never retried: `unknown-outcome`. Once
 * the create call has succeeded, nothing is retried either: a failure while reading the post back
 * (`confirm` calls) arrives as PlatformUnconfirmedError, never as the 401 or 429 handled here.
 */
import { connectedAccountRef } from "../common/collections/connections.js";
import type { PublishFailure, ScheduledPost } from "../models/campaign.js";
import { connectedAccountSchema, type ConnectedAccount } from "../models/connections.js";
import { DomainError } from "../common/errors.js";
import { injectFault } from "../common/faults.js";
import { logError, logWarn } from "../common/logs.js";
import { documentIdProblem } from "../common/ids.js";
import { accessTokenFor, NeedsReauthError, publishingEndpointsFor, refreshedAccessTokenFor } from "../connections/credentials.js";
import { finishPost, releaseForRetry, type PublishOutcome } from "./claim.js";
import { buildContent, ContentInvalidError, type PostContent } from "./content.js";
import { mediaBytes, MediaUnavailableError, mediaUrl } from "./media.js";
import { PUBLISHERS } from "./publishers/index.js";
import {
  PlatformHttpError,
  PlatformNetworkError,
  PlatformRejectedError,
  PlatformUnconfirmedError,
  UntrustedUploadUrlError,
} from "./publishers/http.js";
import type { PublishRequest, PublishResult } from "./publishers/types.js";
import { DEFAULT_RATE_LIMIT_WAIT_MS, MAX_RATE_LIMITED_ATTEMPTS } from "./timing.js";
import { validateContent } from "./validation.js";

/** What became of a claimed post. */
export type PublishSummary = PublishOutcome | { kind: "rate-limited"; retryAt: number };

const failed = (reason: PublishFailure["reason"], message: string, retryable: boolean): PublishOutcome => ({
  kind: "failed",
  failure: { reason, message, retryable },
});

/** Thrown inside the pipeline to stop with a failure that is already decided. */
class PublishStop extends Error {
  constructor(readonly outcome: PublishOutcome) {
    super(outcome.kind === "failed" ? outcome.failure.message : "published");
  }
}

async function usableAccount(teamId: string, post: ScheduledPost): Promise<ConnectedAccount> {
  // A client-written id: one that is no single document id (an older post's) picks no account.
  if (!post.connectedAccountId || documentIdProblem(post.connectedAccountId))
    throw new PublishStop(failed("no-account", `Pick the ${post.platform} account to publish to, then retry.`, true));
  await injectFault("posts.readAccount");
  const parsed = connectedAccountSchema.safeParse(
    (await connectedAccountRef(teamId, post.connectedAccountId).withConverter(null).get()).data(),
  );
  if (!parsed.success) {
    throw new PublishStop(
      failed(
        "no-account",
        `The ${post.platform} account of this post is no longer connected. Connect it or pick another, then retry.`,
        true,
      ),
    );
  }
  const account = parsed.data;
  if (account.platform !== post.platform) {
    throw new PublishStop(
      failed(
        "no-account",
        `The account of this post is a ${account.platform} account, not ${post.platform}. Pick a ${post.platform} account.`,
        true,
      ),
    );
  }
  if (account.health === "needs_reauth") throw new PublishStop(needsReauth(post));
  return account;
}

const needsReauth = (post: ScheduledPost) =>
  failed(
    "needs-reauth",
    `The ${post.platform} account must be reconnected before this post can go out. Reconnect it in Settings, then retry.`,
    true,
  );

async function tokenFor(teamId: string, post: ScheduledPost, refresh: boolean): Promise<string> {
  const accountId = post.connectedAccountId ?? "";
  try {
    return (await (refresh ? refreshedAccessTokenFor(teamId, accountId) : accessTokenFor(teamId, accountId))).accessToken;
  } catch (error) {
    if (error instanceof NeedsReauthError) throw new PublishStop(needsReauth(post));
    if (error instanceof DomainError && error.code === "not-found") {
      throw new PublishStop(failed("no-account", `The ${post.platform} account of this post is no longer connected.`, true));
    }
    logError("posts.tokenUnavailable", error, { teamId, platform: post.platform });
    throw new PublishStop(
      failed("platform-error", `${post.platform} could not be reached to renew the account's access. Retry in a few minutes.`, true),
    );
  }
}

function validatedContent(post: ScheduledPost, content: PostContent): PostContent {
  try {
    validateContent(post.platform, content);
    return content;
  } catch (error) {
    if (error instanceof ContentInvalidError) throw new PublishStop(failed("content-invalid", error.message, false));
    throw error;
  }
}

/** Maps what the platform call threw to the post's failure. */
function platformFailure(post: ScheduledPost, error: unknown): PublishOutcome {
  const platform = post.platform;
  if (error instanceof PlatformHttpError) {
    if (error.status >= 500) {
      return error.step === "create"
        ? failed(
            "platform-error",
            `${platform} had an error (HTTP ${error.status}) while creating the post. It is probably not online: check ${platform}, then retry.`,
            true,
          )
        : failed("platform-error", `${platform} had an error (HTTP ${error.status}). Nothing was published; retry in a few minutes.`, true);
    }
    if (error.status === 401) {
      return failed(
        "needs-reauth",
        `${platform} refused the account's access (HTTP ${error.status}): ${error.platformMessage}. Reconnect the account, then retry.`,
        true,
      );
    }
    return failed("platform-error", `${platform} refused the post (HTTP ${error.status}): ${error.platformMessage}`, false);
  }
  if (error instanceof PlatformUnconfirmedError) {
    return failed(
      "unknown-outcome",
      `${platform} accepted the post but did not confirm it. Check ${platform}: the post is probably online; retry only if it is not there.`,
      true,
    );
  }
  if (error instanceof UntrustedUploadUrlError) {
    return failed(
      "platform-error",
      `${platform} named an upload address on ${error.host}, which is not one of its known upload hosts, so the account's access was not sent there. Nothing was published.`,
      false,
    );
  }
  if (error instanceof PlatformRejectedError) return failed("platform-error", error.message, false);
  if (error instanceof MediaUnavailableError) {
    return failed(
      "platform-error",
      "The post's image or video could not be read from storage. Nothing was published; retry in a few minutes.",
      true,
    );
  }
  if (error instanceof PlatformNetworkError && error.step === "prepare") {
    return failed(
      "platform-error",
      `${platform} did not answer while preparing the post. Nothing was published; retry in a few minutes.`,
      true,
    );
  }
  return failed(
    "unknown-outcome",
    `${platform} did not confirm the post. It may or may not be online: check ${platform}, then retry if it is not there.`,
    true,
  );
}

async function callPlatform(teamId: string, post: ScheduledPost, content: PostContent, account: ConnectedAccount): Promise<PublishResult> {
  const endpoints = await publishingEndpointsFor(post.platform);
  const base = {
    platform: post.platform,
    apiBase: endpoints.apiBase,
    text: content.text,
    media: content.media,
    mediaBytes: () => (content.media ? mediaBytes(content.media) : Promise.reject(new Error("This post has no media."))),
    mediaUrl: () => (content.media ? mediaUrl(content.media) : Promise.reject(new Error("This post has no media."))),
    trustedUploadUrl: (url: string) => {
      if (!endpoints.isUploadUrl(url)) throw new UntrustedUploadUrlError(url);
      return url;
    },
  };
  const request = (accessToken: string): PublishRequest => ({
    ...base,
    accessToken,
    platformAccountId: account.platformAccountId,
    accountKind: account.kind,
  });
  const publisher = PUBLISHERS[post.platform];
  try {
    return await publisher.publish(request(await tokenFor(teamId, post, false)));
  } catch (error) {
    if (!(error instanceof PlatformHttpError && error.status === 401)) throw error;
    logWarn("posts.unauthorizedRefreshing", { teamId, platform: post.platform });
    return publisher.publish(request(await tokenFor(teamId, post, true)));
  }
}

/**
 * The account and the content, before any platform call: whatever fails here (a Firestore read,
 * say) published nothing, so it is a retryable platform-error, never unknown-outcome.
 */
async function prepare(teamId: string, post: ScheduledPost): Promise<{ account: ConnectedAccount; content: PostContent }> {
  try {
    const account = await usableAccount(teamId, post);
    const content = validatedContent(
      post,
      await buildContent(teamId, post).catch((error: unknown) => {
        if (error instanceof ContentInvalidError) throw new PublishStop(failed("content-invalid", error.message, false));
        throw error;
      }),
    );
    return { account, content };
  } catch (error) {
    if (error instanceof PublishStop || error instanceof MediaUnavailableError) throw error;
    logError("posts.prepareFailed", error, { teamId, platform: post.platform });
    throw new PublishStop(
      failed("platform-error", `The post could not be prepared for ${post.platform}. Nothing was published; retry in a few minutes.`, true),
    );
  }
}

/**
 * Publishes a post this caller has claimed (`leaseId`) and records the outcome. Never throws for
 * anything the platform or the content did; throws only when the outcome could not be written
 * (the lease then runs out and the sweeper records `unknown-outcome`).
 */
export async function publishClaimed(teamId: string, postId: string, post: ScheduledPost, leaseId: string): Promise<PublishSummary> {
  let outcome: PublishOutcome;
  try {
    const { account, content } = await prepare(teamId, post);
    const result = await callPlatform(teamId, post, content, account);
    outcome = { kind: "published", platformPostId: result.platformPostId, ...(result.permalink ? { permalink: result.permalink } : {}) };
  } catch (error) {
    if (error instanceof PublishStop) outcome = error.outcome;
    else if (error instanceof PlatformHttpError && error.status === 429) {
      const attempts = (post.rateLimitedAttempts ?? 0) + 1;
      if (attempts < MAX_RATE_LIMITED_ATTEMPTS) {
        const retryAt = Date.now() + (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
        if (await releaseForRetry(teamId, postId, leaseId, retryAt, attempts)) {
          logWarn("posts.rateLimited", { teamId, postId, platform: post.platform, attempts, retryAt });
          return { kind: "rate-limited", retryAt };
        }
      }
      outcome = failed("rate-limited", `${post.platform} is limiting how often this account may post. Retry later.`, true);
    } else {
      outcome = platformFailure(post, error);
      if (outcome.kind === "failed" && outcome.failure.reason === "unknown-outcome")
        logError("posts.unknownOutcome", error, { teamId, postId, platform: post.platform });
    }
  }
  await finishPost(teamId, postId, leaseId, outcome);
  return outcome;
}
