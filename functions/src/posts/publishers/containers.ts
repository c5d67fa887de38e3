/**
 * The container flow Instagram and Threads share: create a media container, wait until the
 * platform has fetched and processed the media, then publish the container.
 */
import { CONTAINER_POLL_MS, CONTAINER_READY_TIMEOUT_MS } from "../timing.js";
import { sleep } from "../../common/time.js";
import { createdId, platformJson, PlatformRejectedError, requiredString } from "./http.js";
import type { PublishRequest, PublishResult } from "./types.js";

interface ContainerFlow {
  /** `media` (Instagram) or `threads` (Threads). */
  createEdge: string;
  /** `media_publish` or `threads_publish`. */
  publishEdge: string;
  /** `status_code` (Instagram) or `status` (Threads). */
  statusField: string;
  containerFields(request: PublishRequest, mediaUrl: string | null): Record<string, string>;
  permalink(id: string): string | undefined;
}

async function waitUntilReady(request: PublishRequest, flow: ContainerFlow, containerId: string): Promise<void> {
  const deadline = Date.now() + CONTAINER_READY_TIMEOUT_MS;
  for (;;) {
    const answer = await platformJson<Record<string, unknown>>(
      `${request.apiBase}/${encodeURIComponent(containerId)}?fields=${flow.statusField}`,
      { step: "prepare", accessToken: request.accessToken },
    );
    const status = String(answer[flow.statusField] ?? "");
    if (status === "FINISHED") return;
    if (status === "ERROR" || status === "EXPIRED")
      throw new PlatformRejectedError(`The platform could not process the media (${status}).`);
    if (Date.now() > deadline) throw new PlatformRejectedError("The platform took too long to process the media.");
    await sleep(CONTAINER_POLL_MS);
  }
}

export async function publishThroughContainer(request: PublishRequest, flow: ContainerFlow): Promise<PublishResult> {
  const user = encodeURIComponent(request.platformAccountId);
  const mediaUrl = request.media ? await request.mediaUrl() : null;
  const container = await platformJson<{ id?: string }>(`${request.apiBase}/${user}/${flow.createEdge}`, {
    step: "prepare",
    accessToken: request.accessToken,
    form: flow.containerFields(request, mediaUrl),
  });
  const containerId = requiredString(container.id, "container id");
  if (mediaUrl) await waitUntilReady(request, flow, containerId);
  const published = await platformJson<{ id?: string }>(`${request.apiBase}/${user}/${flow.publishEdge}`, {
    step: "create",
    accessToken: request.accessToken,
    form: { creation_id: containerId },
  });
  const id = createdId(published.id, "media id");
  return { platformPostId: id, permalink: flow.permalink(id) };
}
