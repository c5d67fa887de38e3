/**
 * X (API v2): an image is uploaded first (`POST /2/media/upload`, multipart, `media_category`
 * `tweet_image`), then `POST /2/tweets` with `{ text, media: { media_ids } }`.
 */
import { createdId, platformJson, requiredString } from "./http.js";
import type { Publisher, PublishRequest } from "./types.js";

async function uploadImage(request: PublishRequest): Promise<string> {
  const form = new FormData();
  const bytes = await request.mediaBytes();
  form.append("media", new Blob([new Uint8Array(bytes)], { type: request.media?.contentType }), "media");
  form.append("media_category", "tweet_image");
  const answer = await platformJson<{ data?: { id?: string } }>(`${request.apiBase}/2/media/upload`, {
    step: "prepare",
    accessToken: request.accessToken,
    body: form,
  });
  return requiredString(answer.data?.id, "media id");
}

export const xPublisher: Publisher = {
  async publish(request) {
    const mediaIds = request.media ? [await uploadImage(request)] : [];
    const answer = await platformJson<{ data?: { id?: string } }>(`${request.apiBase}/2/tweets`, {
      step: "create",
      accessToken: request.accessToken,
      json: { text: request.text, ...(mediaIds.length ? { media: { media_ids: mediaIds } } : {}) },
    });
    const id = createdId(answer.data?.id, "post id");
    return { platformPostId: id, permalink: `https://x.com/i/web/status/${id}` };
  },
};
