/**
 * Instagram (Instagram API with Instagram Login, graph.instagram.com): an image container
 * (`POST /{ig-user-id}/media` with `image_url` and `caption`), wait for `status_code` FINISHED,
 * then `POST /{ig-user-id}/media_publish` with `creation_id`.
 */
import { publishThroughContainer } from "./containers.js";
import type { Publisher } from "./types.js";

export const instagramPublisher: Publisher = {
  publish: (request) =>
    publishThroughContainer(request, {
      createEdge: "media",
      publishEdge: "media_publish",
      statusField: "status_code",
      containerFields: (req, mediaUrl) => ({ image_url: mediaUrl ?? "", caption: req.text }),
      permalink: () => undefined,
    }),
};
