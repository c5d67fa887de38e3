/**
 * The clock of publishing, in one place (docs/publishing.md explains each figure).
 */

/** How long the publishing task may run; the lease outlives it, so a live task never loses its claim. */
export const TASK_TIMEOUT_SECONDS = 300;

/** A claim's lease: past it, a `publishing` post whose function died fails with `unknown-outcome`. */
export const LEASE_MS = (TASK_TIMEOUT_SECONDS + 60) * 1000;

/**
 * A task that arrives at most this early waits for the post's time in the same invocation; one
 * that arrives earlier is put back on the queue for the right time (production) or left to the
 * local harness (the emulator dispatches at once and ignores schedule times).
 */
export const EARLY_WAIT_MS = 30_000;

/** Posts this late that no task published are picked up by the sweeper. */
export const SWEEP_LATE_MS = 2 * 60_000;

/** Cloud Tasks refuses a schedule time more than 30 days ahead; tasks for later posts re-enqueue. */
export const MAX_SCHEDULE_AHEAD_MS = 29 * 24 * 3600_000;

/** A 429 is retried at the platform's reset time at most this many times, then the post fails `rate-limited`. */
export const MAX_RATE_LIMITED_ATTEMPTS = 3;

/** Without a reset header, a 429 is retried after this long. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Signed media URLs handed to platforms that pull media live this long. */
export const MEDIA_URL_TTL_MS = 15 * 60_000;

/** One platform HTTP call may take this long before its outcome counts as unknown. */
export const PLATFORM_CALL_TIMEOUT_MS = 60_000;

/**
 * Instagram/Threads process media before it can be published, and TikTok publishes a post it has
 * accepted: poll this long at most.
 */
export const CONTAINER_READY_TIMEOUT_MS = 90_000;
export const CONTAINER_POLL_MS = 1_000;

/**
 * TikTok's status fetch allows 30 requests a minute per access token: every 3 s is 20 a minute for
 * one post. Posts of one account confirmed at the same time can still meet a 429; that ends
 * `unknown-outcome` like any failure after the create call, never in a second post.
 */
export const TIKTOK_STATUS_POLL_MS = 3_000;
