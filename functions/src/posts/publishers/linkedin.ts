/**
 * LinkedIn (Posts API, versioned `/rest/`): an image is registered first
 * (`POST /rest/images?action=initializeUpload`) and its bytes PUT to the returned `uploadUrl`;
 * then `POST /rest/posts` with the image URN. The new post's URN comes back in `x-restli-id`.
 * The `uploadUrl` gets the token only on a host the catalog lists for LinkedIn.
 */
import { createdId, platformCall, platformJson, requiredString } from "./http.js";
import type { Publisher, PublishRequest } from "./types.js";

/** The API version this publisher speaks (LinkedIn keeps each monthly version for a year). */
export const LINKEDIN_VERSION = "202506";
const HEADERS = { "linkedin-version": LINKEDIN_VERSION, "x-restli-protocol-version": "2.0.0" };

/** `commentary` is "little text": these characters must be escaped to appear as typed. */
export function escapeLittleText(text: string): string {
  return text.replace(/[\\|{}@[\]()<>#*_~]/g, (char) => `\\${char}`);
}

/** The URN to post as: organisations are stored as their URN, members as their id. */
function author(request: PublishRequest): string {
  if (request.platformAccountId.startsWith("urn:li:")) return request.platformAccountId;
  const kind = request.accountKind === "organization" ? "organization" : "person";
  return `urn:li:${kind}:${request.platformAccountId}`;
}

async function uploadImage(request: PublishRequest): Promise<string> {
  const init = await platformJson<{ value?: { uploadUrl?: string; image?: string } }>(
    `${request.apiBase}/rest/images?action=initializeUpload`,
    {
      step: "prepare",
      accessToken: request.accessToken,
      headers: HEADERS,
      json: { initializeUploadRequest: { owner: author(request) } },
    },
  );
  const uploadUrl = request.trustedUploadUrl(requiredString(init.value?.uploadUrl, "upload URL"));
  const image = requiredString(init.value?.image, "image URN");
  await platformCall(uploadUrl, {
    method: "PUT",
    step: "prepare",
    accessToken: request.accessToken,
    headers: { "content-type": request.media?.contentType ?? "application/octet-stream" },
    body: new Uint8Array(await request.mediaBytes()),
  });
  return image;
}

export const linkedinPublisher: Publisher = {
  async publish(request) {
    const image = request.media ? await uploadImage(request) : null;
    const response = await platformCall(`${request.apiBase}/rest/posts`, {
      step: "create",
      accessToken: request.accessToken,
      headers: HEADERS,
      json: {
        author: author(request),
        commentary: escapeLittleText(request.text),
        visibility: "PUBLIC",
        distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
        ...(image ? { content: { media: { id: image } } } : {}),
        lifecycleState: "PUBLISHED",
        isReshareDisabledByAuthor: false,
      },
    });
    const urn = createdId(response.headers.get("x-restli-id"), "post URN");
    return { platformPostId: urn, permalink: `https://www.linkedin.com/feed/update/${urn}` };
  },
};
