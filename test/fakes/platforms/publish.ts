/**
 * The publishing side of the fake social platforms: each platform's create-post wire format under
 * `/<slug>/...` (the way `config/emulator.platformsOrigin` maps production URLs), recording what
 * each platform received (text, media bytes, time) and pulling media from URLs the way the real
 * platforms do. `GET /` (or `/publish`) shows the received posts as a web page for local runs.
 * It can run on its own server or be mounted into the OAuth fake (`handle` returns false for
 * routes it does not own).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { sendJson, startServer, type FakeServer } from "../server.js";
import { sleep } from "../../../functions/src/common/time.js";

export interface ReceivedMedia {
  contentType: string;
  bytes: Buffer;
}

/** One post a platform made public. */
export interface ReceivedPost {
  platform: string;
  id: string;
  /** The account it was published as (page id, user id, author URN). */
  account: string;
  text: string;
  media: ReceivedMedia | null;
  accessToken: string;
  receivedAt: Date;
}

export interface PublishRequestLog {
  platform: string;
  method: string;
  path: string;
  /** True for the call that makes a post public. */
  create: boolean;
  /** When it arrived (ms since the epoch). */
  at: number;
}

interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Container {
  account: string;
  text: string;
  media: ReceivedMedia | null;
  pollsUntilReady: number;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class FakePublishing {
  server: FakeServer | null = null;
  origin = "";
  readonly posts: ReceivedPost[] = [];
  readonly requests: PublishRequestLog[] = [];
  /** Tokens answered with 401 (an expired or revoked token). */
  readonly rejectedTokens = new Set<string>();
  /** Answers for the next create calls, in order (429 with reset headers, 500...). */
  private scripted: ScriptedAnswer[] = [];
  /** Latency before each create call is answered. */
  createDelayMs = 0;
  /** Status polls a media container needs before it is FINISHED. */
  containerPolls = 1;
  /** What TikTok's status fetch reports (e.g. `PROCESSING_DOWNLOAD` for a post that never completes). */
  tiktokPublishStatus = "PUBLISH_COMPLETE";
  /**
   * Where LinkedIn's `uploadUrl` and YouTube's session `Location` point instead of this fake
   * (e.g. another local server, to check that no token goes to a host the catalog does not list).
   */
  uploadOrigin: string | null = null;
  /** Answers for the next calls of one route (`<slug> <path>`), in order. */
  private scriptedCalls = new Map<string, ScriptedAnswer[]>();
  private containers = new Map<string, Container>();
  private uploads = new Map<string, ReceivedMedia>();

  /** On its own server; `other` may serve further routes (e.g. a token endpoint) first. */
  static async start(other?: RouteHandler, port = 0): Promise<FakePublishing> {
    const fake = new FakePublishing();
    fake.server = await startServer(async (req, res) => {
      if (other && (await other(req, res))) return;
      if (!(await fake.handle(req, res))) sendJson(res, 404, { error: { message: `No route ${req.method} ${req.url}` } });
    }, port);
    fake.origin = fake.server.origin;
    return fake;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  reset(): void {
    this.posts.length = 0;
    this.requests.length = 0;
    this.rejectedTokens.clear();
    this.scripted = [];
    this.createDelayMs = 0;
    this.containerPolls = 1;
    this.tiktokPublishStatus = "PUBLISH_COMPLETE";
    this.uploadOrigin = null;
    this.scriptedCalls.clear();
    this.containers.clear();
    this.uploads.clear();
  }

  /**
   * The next create call gets this answer instead (e.g. `{ status: 429, headers: { 'retry-after': '2' } }`);
   * status 0 drops the connection without an answer.
   */
  answerNextCreate(answer: ScriptedAnswer): void {
    this.scripted.push(answer);
  }

  /** The next `times` calls of `platform`'s `path` (any step) get this answer instead. */
  answerNextCalls(platform: string, path: string, answer: ScriptedAnswer, times = 1): void {
    const key = `${platform} ${path}`;
    this.scriptedCalls.set(key, [...(this.scriptedCalls.get(key) ?? []), ...Array.from({ length: times }, () => answer)]);
  }

  /** The calls of `platform`'s `path`, in order. */
  callsTo(platform: string, path: string): PublishRequestLog[] {
    return this.requests.filter((r) => r.platform === platform && r.path === path);
  }

  creates(platform?: string): PublishRequestLog[] {
    return this.requests.filter((r) => r.create && (!platform || r.platform === platform));
  }

  /** Handles a publishing route; false when the route is not one of these. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://fake");
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/publish")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(this.page());
      return true;
    }
    const [, slug, ...rest] = url.pathname.split("/");
    const path = `/${rest.join("/")}`;
    const route = this.route(slug, req.method ?? "GET", path);
    if (!route) return false;
    this.requests.push({ platform: slug, method: req.method ?? "GET", path, create: route.create, at: Date.now() });
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const body = await readBody(req);
    if (!token || this.rejectedTokens.has(token)) {
      sendJson(res, 401, { error: { message: "Invalid or expired token.", code: 401 }, title: "Unauthorized" });
      return true;
    }
    const scriptedCall = this.scriptedCalls.get(`${slug} ${path}`)?.shift();
    if (scriptedCall) {
      res.writeHead(scriptedCall.status, { "content-type": "application/json", ...scriptedCall.headers });
      res.end(JSON.stringify(scriptedCall.body ?? { error: { message: `Scripted ${scriptedCall.status}` } }));
      return true;
    }
    if (route.create) {
      if (this.createDelayMs) await sleep(this.createDelayMs);
      const scripted = this.scripted.shift();
      if (scripted?.status === 0) {
        req.socket.destroy();
        return true;
      }
      if (scripted) {
        res.writeHead(scripted.status, { "content-type": "application/json", ...scripted.headers });
        res.end(JSON.stringify(scripted.body ?? { error: { message: `Scripted ${scripted.status}` } }));
        return true;
      }
    }
    await route.run({ req, res, url, body, token, origin: this.originOf(req) });
    return true;
  }

  private originOf(req: IncomingMessage): string {
    return this.origin || `http://${req.headers.host}`;
  }

  private record(platform: string, account: string, text: string, media: ReceivedMedia | null, accessToken: string): ReceivedPost {
    const post = { platform, id: `${platform}-${randomUUID().slice(0, 8)}`, account, text, media, accessToken, receivedAt: new Date() };
    this.posts.push(post);
    return post;
  }

  /** Fetches media like a platform pulling `image_url`; throws a 400-worthy message on failure. */
  private async pull(url: string): Promise<ReceivedMedia> {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Media could not be fetched from the URL (HTTP ${response.status}).`);
    return {
      contentType: response.headers.get("content-type") ?? "application/octet-stream",
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  private route(slug: string, method: string, path: string): { create: boolean; run: (ctx: RouteContext) => Promise<void> } | null {
    const post = method === "POST";
    switch (slug) {
      case "x":
        if (post && path === "/2/media/upload") return { create: false, run: (ctx) => this.xUpload(ctx) };
        if (post && path === "/2/tweets") return { create: true, run: (ctx) => this.xTweet(ctx) };
        return null;
      case "facebook": {
        const match = /^\/v[\d.]+\/([^/]+)\/(feed|photos)$/.exec(path);
        if (post && match) return { create: true, run: (ctx) => this.facebook(ctx, decodeURIComponent(match[1]), match[2]) };
        return null;
      }
      case "instagram":
      case "threads":
        return this.containerRoute(slug, method, path);
      case "linkedin":
        if (post && path === "/rest/images") return { create: false, run: (ctx) => this.linkedinInit(ctx) };
        if (method === "PUT" && path.startsWith("/upload/"))
          return { create: false, run: (ctx) => this.linkedinUpload(ctx, path.slice("/upload/".length)) };
        if (post && path === "/rest/posts") return { create: true, run: (ctx) => this.linkedinPost(ctx) };
        return null;
      case "pinterest":
        if (method === "GET" && path === "/v5/boards")
          return {
            create: false,
            run: async ({ res }) => sendJson(res, 200, { items: [{ id: "board-1", name: "PixaSocial" }], bookmark: null }),
          };
        if (post && path === "/v5/pins") return { create: true, run: (ctx) => this.pinterest(ctx) };
        return null;
      case "tiktok":
        if (post && path === "/v2/post/publish/creator_info/query/") {
          return {
            create: false,
            run: async ({ res }) =>
              sendJson(res, 200, {
                data: { privacy_level_options: ["PUBLIC_TO_EVERYONE", "SELF_ONLY"] },
                error: { code: "ok", message: "" },
              }),
          };
        }
        if (post && path === "/v2/post/publish/content/init/") return { create: true, run: (ctx) => this.tiktokInit(ctx) };
        if (post && path === "/v2/post/publish/status/fetch/") return { create: false, run: (ctx) => this.tiktokStatus(ctx) };
        return null;
      case "youtube":
        if (post && path === "/upload/youtube/v3/videos") return { create: false, run: (ctx) => this.youtubeSession(ctx) };
        if (method === "PUT" && path.startsWith("/upload/session/"))
          return { create: true, run: (ctx) => this.youtubeUpload(ctx, path.slice("/upload/session/".length)) };
        return null;
      default:
        return null;
    }
  }

  private async xUpload({ req, res, body }: RouteContext): Promise<void> {
    const form = await new Request("http://fake/", {
      method: "POST",
      headers: { "content-type": req.headers["content-type"] ?? "" },
      body: new Uint8Array(body),
    }).formData();
    const media = form.get("media");
    if (!(media instanceof Blob)) return sendJson(res, 400, { title: "Invalid Request", detail: "media is required" });
    const id = String(Date.now()) + String(this.uploads.size);
    this.uploads.set(id, { contentType: media.type, bytes: Buffer.from(await media.arrayBuffer()) });
    sendJson(res, 200, { data: { id, media_key: `3_${id}`, expires_after_secs: 86400 } });
  }

  private async xTweet({ res, body, token }: RouteContext): Promise<void> {
    const json = JSON.parse(body.toString("utf8")) as { text?: string; media?: { media_ids?: string[] } };
    const mediaId = json.media?.media_ids?.[0];
    const media = mediaId ? this.uploads.get(mediaId) : null;
    if (mediaId && !media) return sendJson(res, 400, { title: "Invalid Request", detail: `media id ${mediaId} not found` });
    const created = this.record("x", "me", json.text ?? "", media ?? null, token);
    sendJson(res, 201, { data: { id: created.id, text: created.text, edit_history_tweet_ids: [created.id] } });
  }

  private async facebook({ res, body, token }: RouteContext, page: string, edge: string): Promise<void> {
    const form = new URLSearchParams(body.toString("utf8"));
    if (edge === "feed") {
      const created = this.record("facebook", page, form.get("message") ?? "", null, token);
      return sendJson(res, 200, { id: `${page}_${created.id}` });
    }
    try {
      const media = await this.pull(form.get("url") ?? "");
      const created = this.record("facebook", page, form.get("caption") ?? "", media, token);
      sendJson(res, 200, { id: created.id, post_id: `${page}_${created.id}` });
    } catch (error) {
      sendJson(res, 400, { error: { message: (error as Error).message, type: "OAuthException", code: 324 } });
    }
  }

  private containerRoute(
    slug: string,
    method: string,
    path: string,
  ): { create: boolean; run: (ctx: RouteContext) => Promise<void> } | null {
    const [, , id, edge] = path.split("/");
    const createEdge = slug === "instagram" ? "media" : "threads";
    const publishEdge = slug === "instagram" ? "media_publish" : "threads_publish";
    if (method === "POST" && edge === createEdge)
      return { create: false, run: (ctx) => this.createContainer(ctx, slug, decodeURIComponent(id)) };
    if (method === "POST" && edge === publishEdge) return { create: true, run: (ctx) => this.publishContainer(ctx, slug) };
    if (method === "GET" && id && !edge) return { create: false, run: (ctx) => this.containerStatus(ctx, slug, decodeURIComponent(id)) };
    return null;
  }

  private async createContainer({ res, body }: RouteContext, slug: string, account: string): Promise<void> {
    const form = new URLSearchParams(body.toString("utf8"));
    const imageUrl = form.get("image_url");
    let media: ReceivedMedia | null = null;
    try {
      if (imageUrl) media = await this.pull(imageUrl);
    } catch (error) {
      return sendJson(res, 400, { error: { message: (error as Error).message, type: "OAuthException", code: 9004 } });
    }
    if (slug === "instagram" && !media) return sendJson(res, 400, { error: { message: "image_url is required", code: 100 } });
    const id = `container-${randomUUID().slice(0, 8)}`;
    this.containers.set(id, {
      account,
      text: form.get(slug === "instagram" ? "caption" : "text") ?? "",
      media,
      pollsUntilReady: this.containerPolls,
    });
    sendJson(res, 200, { id });
  }

  private async containerStatus({ res }: RouteContext, slug: string, id: string): Promise<void> {
    const container = this.containers.get(id);
    if (!container) return sendJson(res, 400, { error: { message: "Unsupported get request.", code: 100 } });
    container.pollsUntilReady -= 1;
    const status = container.pollsUntilReady <= 0 ? "FINISHED" : "IN_PROGRESS";
    sendJson(res, 200, slug === "instagram" ? { status_code: status, id } : { status, id });
  }

  private async publishContainer({ res, body, token }: RouteContext, slug: string): Promise<void> {
    const id = new URLSearchParams(body.toString("utf8")).get("creation_id") ?? "";
    const container = this.containers.get(id);
    if (!container) return sendJson(res, 400, { error: { message: "Invalid creation_id", code: 100 } });
    if (container.media && container.pollsUntilReady > 0)
      return sendJson(res, 400, { error: { message: "Media ID is not available", code: 9007 } });
    this.containers.delete(id);
    const created = this.record(slug, container.account, container.text, container.media, token);
    sendJson(res, 200, { id: created.id });
  }

  private async linkedinInit({ res, body, origin }: RouteContext): Promise<void> {
    const json = JSON.parse(body.toString("utf8")) as { initializeUploadRequest?: { owner?: string } };
    if (!json.initializeUploadRequest?.owner) return sendJson(res, 422, { message: "owner is required", status: 422 });
    const id = randomUUID().slice(0, 8);
    sendJson(res, 200, {
      value: {
        uploadUrlExpiresAt: Date.now() + 3600_000,
        uploadUrl: `${this.uploadOrigin ?? origin}/linkedin/upload/${id}`,
        image: `urn:li:image:${id}`,
      },
    });
  }

  private async linkedinUpload({ req, res, body }: RouteContext, id: string): Promise<void> {
    this.uploads.set(`urn:li:image:${id}`, { contentType: req.headers["content-type"] ?? "application/octet-stream", bytes: body });
    res.writeHead(201);
    res.end();
  }

  private async linkedinPost({ req, res, body, token }: RouteContext): Promise<void> {
    if (!req.headers["linkedin-version"]) return sendJson(res, 400, { message: "A version header is required", status: 400 });
    const json = JSON.parse(body.toString("utf8")) as { author?: string; commentary?: string; content?: { media?: { id?: string } } };
    const imageUrn = json.content?.media?.id;
    const media = imageUrn ? this.uploads.get(imageUrn) : null;
    if (imageUrn && !media) return sendJson(res, 422, { message: `${imageUrn} was not uploaded`, status: 422 });
    const created = this.record("linkedin", json.author ?? "", json.commentary ?? "", media ?? null, token);
    res.writeHead(201, { "x-restli-id": `urn:li:share:${created.id}` });
    res.end();
  }

  private async pinterest({ res, body, token }: RouteContext): Promise<void> {
    const json = JSON.parse(body.toString("utf8")) as { board_id?: string; description?: string; media_source?: { url?: string } };
    try {
      const media = await this.pull(json.media_source?.url ?? "");
      const created = this.record("pinterest", json.board_id ?? "", json.description ?? "", media, token);
      sendJson(res, 201, { id: created.id, board_id: json.board_id });
    } catch (error) {
      sendJson(res, 400, { code: 1, message: (error as Error).message });
    }
  }

  private async tiktokInit({ res, body, token }: RouteContext): Promise<void> {
    const json = JSON.parse(body.toString("utf8")) as {
      post_info?: { description?: string };
      source_info?: { photo_images?: string[] };
      media_type?: string;
    };
    if (json.media_type !== "PHOTO") return sendJson(res, 400, { error: { code: "invalid_params", message: "media_type must be PHOTO" } });
    try {
      const media = await this.pull(json.source_info?.photo_images?.[0] ?? "");
      const created = this.record("tiktok", "me", json.post_info?.description ?? "", media, token);
      sendJson(res, 200, { data: { publish_id: `p_pub_${created.id}` }, error: { code: "ok", message: "" } });
    } catch (error) {
      sendJson(res, 400, { error: { code: "invalid_params", message: (error as Error).message } });
    }
  }

  private async tiktokStatus({ res, body }: RouteContext): Promise<void> {
    const json = JSON.parse(body.toString("utf8")) as { publish_id?: string };
    const postId = (json.publish_id ?? "").replace(/^p_pub_/, "");
    if (this.tiktokPublishStatus !== "PUBLISH_COMPLETE")
      return sendJson(res, 200, { data: { status: this.tiktokPublishStatus, uploaded_bytes: 0 }, error: { code: "ok", message: "" } });
    sendJson(res, 200, { data: { status: "PUBLISH_COMPLETE", publicaly_available_post_id: [postId] }, error: { code: "ok", message: "" } });
  }

  private async youtubeSession({ req, res, body, origin }: RouteContext): Promise<void> {
    const json = JSON.parse(body.toString("utf8")) as { snippet?: { title?: string; description?: string } };
    const id = randomUUID().slice(0, 8);
    this.containers.set(id, { account: "me", text: json.snippet?.description ?? "", media: null, pollsUntilReady: 0 });
    res.writeHead(200, {
      location: `${this.uploadOrigin ?? origin}/youtube/upload/session/${id}`,
      "x-upload-content-type": String(req.headers["x-upload-content-type"] ?? ""),
    });
    res.end();
  }

  private async youtubeUpload({ req, res, body, token }: RouteContext, sessionId: string): Promise<void> {
    const session = this.containers.get(sessionId);
    if (!session) return sendJson(res, 404, { error: { code: 404, message: "Upload session not found" } });
    this.containers.delete(sessionId);
    const created = this.record(
      "youtube",
      session.account,
      session.text,
      { contentType: req.headers["content-type"] ?? "", bytes: body },
      token,
    );
    sendJson(res, 200, { kind: "youtube#video", id: created.id, snippet: { description: session.text } });
  }

  /** The page the frontend team opens under `npm start`: what each platform received, newest first. */
  private page(): string {
    const rows = [...this.posts]
      .reverse()
      .map((post) => {
        const image = post.media?.contentType.startsWith("image/")
          ? `<img src="data:${post.media.contentType};base64,${post.media.bytes.toString("base64")}" alt="" style="max-width:160px;max-height:160px">`
          : post.media
            ? `${escapeHtml(post.media.contentType)}, ${post.media.bytes.length} bytes`
            : "";
        return `<tr><td>${post.receivedAt.toISOString()}</td><td>${escapeHtml(post.platform)}</td><td>${escapeHtml(post.account)}</td><td style="white-space:pre-wrap">${escapeHtml(post.text)}</td><td>${image}</td><td>${escapeHtml(post.id)}</td></tr>`;
      })
      .join("\n");
    return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Fake platforms: received posts</title></head><body>
<h1>Posts the fake platforms received (${this.posts.length})</h1>
<table border="1" cellpadding="6"><tr><th>received (UTC)</th><th>platform</th><th>account</th><th>text</th><th>media</th><th>id</th></tr>
${rows}
</table></body></html>`;
  }
}

/** Serves a request and returns true, or returns false to let the next handler try. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Buffer;
  token: string;
  origin: string;
}
