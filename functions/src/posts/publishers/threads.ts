/**
 * Threads (graph.threads.net): a container (`POST /{user-id}/threads`, `media_type` TEXT or
 * IMAGE with `image_url`), for an image wait for `status` FINISHED, then
 * `POST /{user-id}/threads_publish` with `creation_id`.
 */
import { publishThroughContainer } from "./containers.js";
import type { Publisher } from "./types.js";

export const threadsPublisher: Publisher = {
  publish: (request) =>
    publishThroughContainer(request, {
      createEdge: "threads",
      publishEdge: "threads_publish",
      statusField: "status",
      containerFields: (req, mediaUrl): Record<string, string> =>
        mediaUrl ? { media_type: "IMAGE", image_url: mediaUrl, text: req.text } : { media_type: "TEXT", text: req.text },
      permalink: () => undefined,
    }),
};
