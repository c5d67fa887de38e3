/**
 * Pinterest (API v5): a Pin needs a board and an image. The account's first board is used
 * (`GET /v5/boards`), then `POST /v5/pins` with `media_source` `image_url` (Pinterest pulls it).
 */
import { createdId, platformJson, PlatformRejectedError } from "./http.js";
import type { Publisher } from "./types.js";

export const pinterestPublisher: Publisher = {
  async publish(request) {
    const boards = await platformJson<{ items?: Array<{ id?: string }> }>(`${request.apiBase}/v5/boards?page_size=1`, {
      step: "prepare",
      accessToken: request.accessToken,
    });
    const boardId = boards.items?.[0]?.id;
    if (!boardId) throw new PlatformRejectedError("This Pinterest account has no board: create one on Pinterest, then retry.");
    const title = request.text.split("\n")[0].slice(0, 100);
    const pin = await platformJson<{ id?: string }>(`${request.apiBase}/v5/pins`, {
      step: "create",
      accessToken: request.accessToken,
      json: {
        board_id: boardId,
        ...(title ? { title } : {}),
        description: request.text,
        media_source: { source_type: "image_url", url: await request.mediaUrl() },
      },
    });
    const id = createdId(pin.id, "pin id");
    return { platformPostId: id, permalink: `https://www.pinterest.com/pin/${id}/` };
  },
};
