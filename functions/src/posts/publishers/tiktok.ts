/**
 * TikTok (Content Posting API): a photo post pulled from a URL. The creator's allowed privacy
 * levels come first (`/v2/post/publish/creator_info/query/`), then
 * `/v2/post/publish/content/init/` (`media_type` PHOTO, `PULL_FROM_URL`), then the publish
 * status is polled (`/v2/post/publish/status/fetch/`) until TikTok has downloaded the photo.
 */
import { CONTAINER_POLL_MS, CONTAINER_READY_TIMEOUT_MS } from "../timing.js";
import { sleep } from "../../common/time.js";
import { platformJson, PlatformRejectedError, requiredString } from "./http.js";
import type { Publisher, PublishRequest } from "./types.js";

interface TikTokAnswer<T> {
  data?: T;
  error?: { code?: string; message?: string };
}

function checked<T>(answer: TikTokAnswer<T>): T {
  if (answer.error?.code && answer.error.code !== "ok")
    throw new PlatformRejectedError(`TikTok refused the post: ${answer.error.message ?? answer.error.code}`);
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
    const publishId = requiredString(init.publish_id, "publish id");
    const deadline = Date.now() + CONTAINER_READY_TIMEOUT_MS;
    for (;;) {
      const status = checked(
        await platformJson<TikTokAnswer<{ status?: string; fail_reason?: string; publicaly_available_post_id?: Array<string | number> }>>(
          `${request.apiBase}/v2/post/publish/status/fetch/`,
          { step: "create", accessToken: request.accessToken, json: { publish_id: publishId } },
        ),
      );
      if (status.status === "PUBLISH_COMPLETE") {
        const postId = status.publicaly_available_post_id?.[0];
        return { platformPostId: postId === undefined ? publishId : String(postId) };
      }
      if (status.status === "FAILED")
        throw new PlatformRejectedError(`TikTok could not publish the photo (${status.fail_reason ?? "no reason given"}).`);
      if (Date.now() > deadline) return { platformPostId: publishId };
      await sleep(CONTAINER_POLL_MS);
    }
  },
};
