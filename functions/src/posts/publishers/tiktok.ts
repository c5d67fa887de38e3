/**
 * TikTok (Content Posting API): a photo post pulled from a URL. The creator's allowed privacy
 * levels come first (`/v2/post/publish/creator_info/query/`), then
 * `/v2/post/publish/content/init/` (`media_type` PHOTO, `PULL_FROM_URL`), then the publish
 * status is polled (`/v2/post/publish/status/fetch/`) until TikTok reports the post online.
 */
import { CONTAINER_READY_TIMEOUT_MS, TIKTOK_STATUS_POLL_MS } from "../timing.js";
import { emulatorOverrides } from "../../common/emulatorOverrides.js";
import { sleep } from "../../common/time.js";
import { createdId, platformJson, PlatformRejectedError, PlatformUnconfirmedError } from "./http.js";
import type { Publisher, PublishRequest } from "./types.js";

interface TikTokAnswer<T> {
  data?: T;
  error?: { code?: string; message?: string };
}

interface PublishStatus {
  status?: string;
  fail_reason?: string;
  publicaly_available_post_id?: Array<string | number>;
}

const failedCode = (answer: TikTokAnswer<unknown>) => Boolean(answer.error?.code && answer.error.code !== "ok");

function checked<T>(answer: TikTokAnswer<T>): T {
  if (failedCode(answer)) throw new PlatformRejectedError(`TikTok refused the post: ${answer.error?.message ?? answer.error?.code}`);
  return answer.data ?? ({} as T);
}

async function privacyLevel(request: PublishRequest): Promise<string> {
  const info = checked(
    await platformJson<TikTokAnswer<{ privacy_level_options?: string[] }>>(`${request.apiBase}/v2/post/publish/creator_info/query/`, {
      step: "prepare",
      accessToken: request.accessToken,
      json: {},
    }),
  );
  const options = info.privacy_level_options ?? [];
  if (options.includes("PUBLIC_TO_EVERYONE")) return "PUBLIC_TO_EVERYONE";
  if (options[0]) return options[0];
  throw new PlatformRejectedError("TikTok does not let this account post right now.");
}

/**
 * Once init has answered, TikTok has the post and publishes it on its own; the status only tells
 * when it is online. Polled every TIKTOK_STATUS_POLL_MS (TikTok's limit: 30 a minute per token) for
 * CONTAINER_READY_TIMEOUT_MS at most. Only TikTok's own FAILED means the post is not online; any
 * other way this ends short of PUBLISH_COMPLETE is unconfirmed (`confirm` calls never refresh the
 * token or put the post back in the queue).
 */
async function confirmedPostId(request: PublishRequest, publishId: string): Promise<string> {
  const waitMs = await confirmWaitMs();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const answer = await platformJson<TikTokAnswer<PublishStatus>>(`${request.apiBase}/v2/post/publish/status/fetch/`, {
      step: "confirm",
      accessToken: request.accessToken,
      json: { publish_id: publishId },
    });
    if (failedCode(answer)) throw new PlatformUnconfirmedError(`TikTok's status answer was ${answer.error?.code}`);
    const status = answer.data ?? {};
    if (status.status === "PUBLISH_COMPLETE") {
      const postId = status.publicaly_available_post_id?.[0];
      return postId === undefined ? publishId : String(postId);
    }
    if (status.status === "FAILED")
      throw new PlatformRejectedError(`TikTok could not publish the photo (${status.fail_reason ?? "no reason given"}).`);
    if (Date.now() + TIKTOK_STATUS_POLL_MS > deadline)
      throw new PlatformUnconfirmedError(`TikTok still reported ${status.status ?? "no status"} after ${waitMs / 1000} s`);
    await sleep(TIKTOK_STATUS_POLL_MS);
  }
}

/**
 * CONTAINER_READY_TIMEOUT_MS, except in the emulator when `config/emulator.tiktokConfirmWaitMs`
 * shortens it, so that a test of the whole wait need not last 90 s (the poll interval stays).
 */
async function confirmWaitMs(): Promise<number> {
  const override = Number((await emulatorOverrides("tiktokConfirmWaitMs")).tiktokConfirmWaitMs);
  return Number.isFinite(override) && override > 0 ? override : CONTAINER_READY_TIMEOUT_MS;
}

export const tiktokPublisher: Publisher = {
  async publish(request) {
    const privacy = await privacyLevel(request);
    const title = request.text.split("\n")[0].slice(0, 90);
    const init = checked(
      await platformJson<TikTokAnswer<{ publish_id?: string }>>(`${request.apiBase}/v2/post/publish/content/init/`, {
        step: "create",
        accessToken: request.accessToken,
        json: {
          post_info: { title, description: request.text, privacy_level: privacy },
          source_info: { source: "PULL_FROM_URL", photo_cover_index: 0, photo_images: [await request.mediaUrl()] },
          post_mode: "DIRECT_POST",
          media_type: "PHOTO",
        },
      }),
    );
    const publishId = createdId(init.publish_id, "publish id");
    return { platformPostId: await confirmedPostId(request, publishId) };
  },
};
