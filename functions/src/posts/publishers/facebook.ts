/**
 * Facebook Page (Graph API): text to `POST /{page-id}/feed` (`message`), a photo post to
 * `POST /{page-id}/photos` (`url` pulled by Facebook, `caption`). The token is the Page token.
 */
import { createdId, platformJson } from "./http.js";
import type { Publisher } from "./types.js";

export const facebookPublisher: Publisher = {
  async publish(request) {
    const page = encodeURIComponent(request.platformAccountId);
    if (request.media) {
      const answer = await platformJson<{ id?: string; post_id?: string }>(`${request.apiBase}/${page}/photos`, {
        step: "create",
        accessToken: request.accessToken,
        form: { url: await request.mediaUrl(), caption: request.text, published: "true" },
      });
      const postId = createdId(answer.post_id ?? answer.id, "post id");
      return { platformPostId: postId, permalink: `https://www.facebook.com/${postId}` };
    }
    const answer = await platformJson<{ id?: string }>(`${request.apiBase}/${page}/feed`, {
      step: "create",
      accessToken: request.accessToken,
      form: { message: request.text },
    });
    const postId = createdId(answer.id, "post id");
    return { platformPostId: postId, permalink: `https://www.facebook.com/${postId}` };
  },
};
