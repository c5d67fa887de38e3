/**
 * YouTube (Data API v3): a resumable upload. `POST /upload/youtube/v3/videos?uploadType=resumable`
 * with the snippet opens a session (its URL in `Location`), then one PUT sends the bytes and
 * creates the video. The session URL gets the token only on a host the catalog lists for YouTube.
 */
import { createdId, platformCall, platformJson, requiredString } from "./http.js";
import type { Publisher } from "./types.js";

export const youtubePublisher: Publisher = {
  async publish(request) {
    const bytes = await request.mediaBytes();
    const lines = request.text.split("\n");
    const title = (lines[0] || "Untitled").slice(0, 100);
    const session = await platformCall(`${request.apiBase}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
      step: "prepare",
      accessToken: request.accessToken,
      headers: { "x-upload-content-type": request.media?.contentType ?? "video/mp4", "x-upload-content-length": String(bytes.length) },
      json: { snippet: { title, description: request.text }, status: { privacyStatus: "public" } },
    });
    const uploadUrl = request.trustedUploadUrl(requiredString(session.headers.get("location"), "upload session"));
    const video = await platformJson<{ id?: string }>(uploadUrl, {
      method: "PUT",
      step: "create",
      accessToken: request.accessToken,
      headers: { "content-type": request.media?.contentType ?? "video/mp4" },
      body: new Uint8Array(bytes),
    });
    const id = createdId(video.id, "video id");
    return { platformPostId: id, permalink: `https://www.youtube.com/watch?v=${id}` };
  },
};
