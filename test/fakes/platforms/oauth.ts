/**
 * The OAuth side of the fake platforms, in each platform's own wire format: the authorize page
 * (a small real web page: platform name, scopes, Approve / Deny, a choice of Pages for
 * Facebook), form-encoded token requests with each platform's client authentication (Basic for
 * X and Pinterest, `client_key` for TikTok, the secret in the body for LinkedIn, Google,
 * Instagram and Threads, Meta's GET exchange for Facebook), PKCE S256 checks, Meta's long-lived
 * exchanges and refreshes, rotating refresh tokens for X and TikTok, `invalid_grant`, profile
 * and account-list endpoints and revocation. It records every call and every token it issued
 * (for leak scans), and can be told to fail, stall or refuse grants.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../server.js";
import { sleep } from "../../../functions/src/common/time.js";
import { authorizePage } from "./authorizePage.js";

type AuthStyle = "basic" | "post" | "tiktok" | "metaGet";

export interface FakePlatformSpec {
  slug: string;
  name: string;
  authorizePath: string;
  clientIdParam: string;
  tokenPath: string;
  auth: AuthStyle;
  /** Refresh tokens are single-use: each refresh returns a new one and kills the old one. */
  rotates: boolean;
  /** Seconds of the access token the code exchange (or long-lived exchange) returns; 0: none. */
  expiresIn: number;
  refreshExpiresIn?: number;
  issuesRefreshToken: boolean;
  meta?: { longLivedPath?: string; refreshPath?: string; exchangeGrant: string; refreshGrant?: string };
}

const DAY = 86_400;

export const FAKE_PLATFORMS: FakePlatformSpec[] = [
  {
    slug: "facebook",
    name: "Facebook",
    authorizePath: "/v21.0/dialog/oauth",
    clientIdParam: "client_id",
    tokenPath: "/v21.0/oauth/access_token",
    auth: "metaGet",
    rotates: false,
    expiresIn: 60 * DAY,
    issuesRefreshToken: false,
    meta: { exchangeGrant: "fb_exchange_token" },
  },
  {
    slug: "instagram",
    name: "Instagram",
    authorizePath: "/oauth/authorize",
    clientIdParam: "client_id",
    tokenPath: "/oauth/access_token",
    auth: "post",
    rotates: false,
    expiresIn: 60 * DAY,
    issuesRefreshToken: false,
    meta: {
      longLivedPath: "/access_token",
      refreshPath: "/refresh_access_token",
      exchangeGrant: "ig_exchange_token",
      refreshGrant: "ig_refresh_token",
    },
  },
  {
    slug: "threads",
    name: "Threads",
    authorizePath: "/oauth/authorize",
    clientIdParam: "client_id",
    tokenPath: "/oauth/access_token",
    auth: "post",
    rotates: false,
    expiresIn: 60 * DAY,
    issuesRefreshToken: false,
    meta: {
      longLivedPath: "/access_token",
      refreshPath: "/refresh_access_token",
      exchangeGrant: "th_exchange_token",
      refreshGrant: "th_refresh_token",
    },
  },
  {
    slug: "x",
    name: "X",
    authorizePath: "/i/oauth2/authorize",
    clientIdParam: "client_id",
    tokenPath: "/2/oauth2/token",
    auth: "basic",
    rotates: true,
    expiresIn: 7200,
    issuesRefreshToken: true,
  },
  {
    slug: "linkedin",
    name: "LinkedIn",
    authorizePath: "/oauth/v2/authorization",
    clientIdParam: "client_id",
    tokenPath: "/oauth/v2/accessToken",
    auth: "post",
    rotates: false,
    expiresIn: 60 * DAY,
    refreshExpiresIn: 365 * DAY,
    issuesRefreshToken: true,
  },
  {
    slug: "tiktok",
    name: "TikTok",
    authorizePath: "/v2/auth/authorize/",
    clientIdParam: "client_key",
    tokenPath: "/v2/oauth/token/",
    auth: "tiktok",
    rotates: true,
    expiresIn: DAY,
    refreshExpiresIn: 365 * DAY,
    issuesRefreshToken: true,
  },
  {
    slug: "youtube",
    name: "YouTube",
    authorizePath: "/o/oauth2/v2/auth",
    clientIdParam: "client_id",
    tokenPath: "/token",
    auth: "post",
    rotates: false,
    expiresIn: 3599,
    issuesRefreshToken: true,
  },
  {
    slug: "pinterest",
    name: "Pinterest",
    authorizePath: "/oauth/",
    clientIdParam: "client_id",
    tokenPath: "/v5/oauth/token",
    auth: "basic",
    rotates: false,
    expiresIn: 30 * DAY,
    refreshExpiresIn: 365 * DAY,
    issuesRefreshToken: true,
  },
];

/** The local OAuth client of a platform (scripts/lib/local-secrets.mjs writes the same values). */
export const localClient = (slug: string) => ({ clientId: `local-${slug}-client`, clientSecret: `local-${slug}-secret` });

export const FACEBOOK_PAGES = [
  { id: "fb-page-1", name: "Fake Page One" },
  { id: "fb-page-2", name: "Fake Page Two" },
];
export const LINKEDIN_ORGANIZATION = { urn: "urn:li:organization:1001", name: "Fake Org" };
export const fakeUserId = (slug: string) => `${slug}-user-1`;

interface IssuedCode {
  slug: string;
  redirectUri: string;
  challenge: string | null;
  scope: string;
  pages: string[];
  used: boolean;
}

interface AccessToken {
  slug: string;
  expiresAt: number | null;
  kind: "user" | "short" | "page";
  scope: string;
  pages: string[];
  revoked: boolean;
}

interface RefreshToken {
  slug: string;
  scope: string;
  valid: boolean;
  pages: string[];
}

export interface FakeCall {
  slug: string;
  endpoint: "authorize" | "token" | "longLived" | "metaRefresh" | "profile" | "targets" | "revoke";
  grantType?: string;
  /** The grant a refresh call used (its scope), so that a benchmark can count refreshes per account. */
  grant?: string;
}

function token(prefix: string): string {
  return `${prefix}_${randomBytes(18).toString("base64url")}`;
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export class OAuthFake {
  readonly calls: FakeCall[] = [];
  /** Every access and refresh token issued, for leak scans. */
  readonly issued = new Set<string>();
  readonly revoked: Array<{ slug: string; token: string }> = [];
  private codes = new Map<string, IssuedCode>();
  private accessTokens = new Map<string, AccessToken>();
  private refreshTokens = new Map<string, RefreshToken>();
  private tokenFailures: Array<{ status: number }> = [];
  /** The next this-many revoke calls answer 503. */
  failRevokes = 0;
  /** Latency of token endpoint answers. */
  tokenDelayMs = 0;
  /** While set, token endpoint answers wait for it (`holdTokenCalls`). */
  private tokenHold: { gate: Promise<void>; release: () => void } | null = null;
  /** Per-platform override of the access token lifetime (seconds) the next grants get. */
  readonly expiresInOverride = new Map<string, number>();
  /** Platforms whose code exchange answers without a refresh token (as Google does on a repeat consent). */
  readonly withholdRefreshToken = new Set<string>();

  constructor(private readonly origin: () => string) {}

  /**
   * Holds every token endpoint answer until the returned function is called, so that a test keeps
   * a refresh in flight for exactly as long as it needs instead of waiting out a delay.
   */
  holdTokenCalls(): () => void {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const hold = { gate, release };
    this.tokenHold = hold;
    return () => {
      if (this.tokenHold === hold) this.tokenHold = null;
      hold.release();
    };
  }

  reset(): void {
    this.calls.length = 0;
    this.issued.clear();
    this.revoked.length = 0;
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.tokenFailures = [];
    this.tokenDelayMs = 0;
    this.tokenHold?.release();
    this.tokenHold = null;
    this.failRevokes = 0;
    this.expiresInOverride.clear();
    this.withholdRefreshToken.clear();
  }

  /** The next `count` token-endpoint calls answer HTTP `status`. */
  failTokenCalls(count: number, status: number): void {
    for (let i = 0; i < count; i++) this.tokenFailures.push({ status });
  }

  /** The user removed the app at the platform: every grant and token of `slug` is dead. */
  revokeAllGrants(slug: string): void {
    for (const refresh of this.refreshTokens.values()) if (refresh.slug === slug) refresh.valid = false;
    for (const access of this.accessTokens.values()) if (access.slug === slug) access.revoked = true;
  }

  /** A grant as if a user had consented (for seeding many accounts): its access and refresh tokens. */
  seedGrant(slug: string, scope = "seed"): { accessToken: string; refreshToken: string } {
    const spec = this.spec(slug);
    if (!spec?.issuesRefreshToken) throw new Error(`${slug} has no refresh tokens to seed.`);
    return { accessToken: this.issueAccess(spec, "user", scope, [], spec.expiresIn), refreshToken: this.issueRefresh(spec, scope, []) };
  }

  callsOf(slug: string, endpoint?: FakeCall["endpoint"]): FakeCall[] {
    return this.calls.filter((c) => c.slug === slug && (!endpoint || c.endpoint === endpoint));
  }

  private spec(slug: string): FakePlatformSpec | undefined {
    return FAKE_PLATFORMS.find((p) => p.slug === slug);
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const [, slug, ...rest] = url.pathname.split("/");
    const spec = this.spec(slug);
    if (!spec) return false;
    const path = `/${rest.join("/")}`;
    if (path === spec.authorizePath) {
      await this.authorize(spec, req, res, url);
      return true;
    }
    if (path === spec.tokenPath || path === spec.meta?.longLivedPath || path === spec.meta?.refreshPath) {
      await this.tokenEndpoint(spec, path, req, res, url);
      return true;
    }
    return this.resource(spec, path, req, res, url);
  }

  // ---- authorize ------------------------------------------------------------------------

  private async authorize(spec: FakePlatformSpec, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const params = req.method === "POST" ? await readBody(req) : url.searchParams;
    this.calls.push({ slug: spec.slug, endpoint: "authorize" });
    const clientId = params.get(spec.clientIdParam);
    const redirectUri = params.get("redirect_uri");
    if (clientId !== localClient(spec.slug).clientId || !redirectUri || params.get("response_type") !== "code") {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("Invalid authorization request (client id, redirect_uri or response_type).");
      return;
    }
    const scope = params.get("scope") ?? "";
    if (req.method !== "POST") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        authorizePage({
          platform: spec.name,
          scopes: scope.split(/[ ,]+/).filter(Boolean),
          params,
          pages: spec.slug === "facebook" ? FACEBOOK_PAGES : [],
        }),
      );
      return;
    }
    const back = new URL(redirectUri);
    const state = params.get("state");
    if (params.get("decision") !== "approve") {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The user denied your request.");
    } else {
      const code = token(`code-${spec.slug}`);
      const challenge = params.get("code_challenge");
      if (challenge && params.get("code_challenge_method") !== "S256") {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end("Only S256 code challenges are accepted.");
        return;
      }
      this.codes.set(code, { slug: spec.slug, redirectUri, challenge, scope, pages: params.getAll("pages"), used: false });
      back.searchParams.set("code", code);
    }
    if (state) back.searchParams.set("state", state);
    redirect(res, back.toString());
  }

  // ---- token endpoint -------------------------------------------------------------------

  private clientAuthOk(spec: FakePlatformSpec, req: IncomingMessage, params: URLSearchParams): boolean {
    const { clientId, clientSecret } = localClient(spec.slug);
    if (spec.auth === "basic") {
      // RFC 6749 §2.3.1: id and secret are form-urlencoded, then joined by ":" and base64-encoded.
      const header = req.headers.authorization ?? "";
      if (!header.startsWith("Basic ") || params.has("client_secret")) return false;
      const [id, secret] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
      const decode = (value = "") => decodeURIComponent(value.replace(/\+/g, " "));
      return decode(id) === clientId && decode(secret) === clientSecret;
    }
    if (spec.auth === "tiktok") return params.get("client_key") === clientId && params.get("client_secret") === clientSecret;
    return params.get("client_id") === clientId && params.get("client_secret") === clientSecret;
  }

  private metaError(res: ServerResponse, status: number, code: number, message: string): void {
    sendJson(res, status, { error: { message, type: "OAuthException", code, fbtrace_id: "fake" } });
  }

  private oauthError(res: ServerResponse, status: number, error: string): void {
    sendJson(res, status, { error, error_description: `The fake platform refused: ${error}.` });
  }

  private issueAccess(spec: FakePlatformSpec, kind: AccessToken["kind"], scope: string, pages: string[], expiresIn: number | null): string {
    const value = token(`at-${spec.slug}`);
    this.accessTokens.set(value, {
      slug: spec.slug,
      kind,
      scope,
      pages,
      revoked: false,
      expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null,
    });
    this.issued.add(value);
    return value;
  }

  private issueRefresh(spec: FakePlatformSpec, scope: string, pages: string[]): string {
    const value = token(`rt-${spec.slug}`);
    this.refreshTokens.set(value, { slug: spec.slug, scope, pages, valid: true });
    this.issued.add(value);
    return value;
  }

  private liveAccess(slug: string, value: string | null): AccessToken | null {
    const access = value ? this.accessTokens.get(value) : undefined;
    if (!access || access.slug !== slug || access.revoked) return null;
    if (access.expiresAt !== null && access.expiresAt <= Date.now()) return null;
    return access;
  }

  /** The standard OAuth token response of a platform, in its own shape. */
  private tokenResponse(spec: FakePlatformSpec, scope: string, pages: string[], refreshToken: string | null): Record<string, unknown> {
    const expiresIn = this.expiresInOverride.get(spec.slug) ?? spec.expiresIn;
    const access = this.issueAccess(spec, "user", scope, pages, expiresIn);
    const body: Record<string, unknown> = {
      access_token: access,
      expires_in: expiresIn,
      scope,
      token_type: spec.slug === "x" || spec.slug === "pinterest" ? "bearer" : "Bearer",
    };
    if (refreshToken) body.refresh_token = refreshToken;
    if (spec.refreshExpiresIn) body[spec.slug === "tiktok" ? "refresh_expires_in" : "refresh_token_expires_in"] = spec.refreshExpiresIn;
    if (spec.slug === "tiktok") body.open_id = fakeUserId("tiktok");
    if (spec.slug === "linkedin" && scope.split(" ").includes("openid")) {
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: "https://www.linkedin.com/oauth",
        aud: localClient("linkedin").clientId,
        sub: fakeUserId("linkedin"),
        iat: now,
        exp: now + 3600,
        name: "Fake LinkedIn User",
      };
      body.id_token = `${b64url({ alg: "RS256", typ: "JWT", kid: "fake" })}.${b64url(claims)}.${randomBytes(32).toString("base64url")}`;
    }
    return body;
  }

  private async tokenEndpoint(spec: FakePlatformSpec, path: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const params = req.method === "POST" ? await readBody(req) : url.searchParams;
    const grantType = params.get("grant_type") ?? (spec.auth === "metaGet" && params.has("code") ? "authorization_code" : "");
    const endpoint: FakeCall["endpoint"] =
      path === spec.tokenPath && !grantType.endsWith("exchange_token")
        ? "token"
        : path === spec.meta?.refreshPath
          ? "metaRefresh"
          : "longLived";
    const call: FakeCall = { slug: spec.slug, endpoint, grantType };
    this.calls.push(call);
    if (this.tokenDelayMs) await sleep(this.tokenDelayMs);
    if (this.tokenHold) await this.tokenHold.gate;
    const failure = this.tokenFailures.shift();
    if (failure) {
      res.writeHead(failure.status, { "content-type": "text/plain" });
      res.end("The fake platform failed on purpose.");
      return;
    }
    if (spec.meta && endpoint !== "token") return this.metaTokenStep(spec, endpoint, params, res);
    if (spec.auth === "metaGet" ? req.method !== "GET" : req.method !== "POST") return this.oauthError(res, 405, "invalid_request");
    if (!this.clientAuthOk(spec, req, params)) {
      return spec.meta ? this.metaError(res, 400, 1, "Error validating client secret.") : this.oauthError(res, 401, "invalid_client");
    }
    if (grantType === "authorization_code") return this.exchangeCode(spec, params, res);
    if (grantType === "refresh_token" && spec.issuesRefreshToken) return this.refresh(spec, params, res, call);
    return this.oauthError(res, 400, "unsupported_grant_type");
  }

  private exchangeCode(spec: FakePlatformSpec, params: URLSearchParams, res: ServerResponse): void {
    const code = this.codes.get(params.get("code") ?? "");
    const refuse = () =>
      spec.meta ? this.metaError(res, 400, 100, "Invalid verification code format.") : this.oauthError(res, 400, "invalid_grant");
    if (!code || code.slug !== spec.slug || code.used || code.redirectUri !== params.get("redirect_uri")) return refuse();
    if (code.challenge && s256(params.get("code_verifier") ?? "") !== code.challenge) return refuse();
    code.used = true;
    if (spec.meta) {
      // Meta returns a short-lived token (Facebook flat with token_type; Instagram in `data`; Threads flat).
      const access = this.issueAccess(spec, "short", code.scope, code.pages, 3600);
      if (spec.slug === "facebook") return sendJson(res, 200, { access_token: access, token_type: "bearer", expires_in: 3600 });
      if (spec.slug === "instagram")
        return sendJson(res, 200, { data: [{ access_token: access, user_id: fakeUserId("instagram"), permissions: code.scope }] });
      return sendJson(res, 200, { access_token: access, user_id: fakeUserId("threads") });
    }
    const refresh =
      spec.issuesRefreshToken && !this.withholdRefreshToken.has(spec.slug) ? this.issueRefresh(spec, code.scope, code.pages) : null;
    sendJson(res, 200, this.tokenResponse(spec, code.scope, code.pages, refresh));
  }

  private refresh(spec: FakePlatformSpec, params: URLSearchParams, res: ServerResponse, call: FakeCall): void {
    const value = params.get("refresh_token") ?? "";
    const stored = this.refreshTokens.get(value);
    if (stored) call.grant = stored.scope;
    if (!stored || stored.slug !== spec.slug || !stored.valid) return this.oauthError(res, 400, "invalid_grant");
    let next: string | null = value;
    if (spec.rotates) {
      stored.valid = false;
      next = this.issueRefresh(spec, stored.scope, stored.pages);
    } else if (spec.slug === "youtube") {
      next = null; // Google does not return the refresh token again.
    }
    sendJson(res, 200, this.tokenResponse(spec, stored.scope, stored.pages, next));
  }

  private metaTokenStep(spec: FakePlatformSpec, endpoint: FakeCall["endpoint"], params: URLSearchParams, res: ServerResponse): void {
    const meta = spec.meta!;
    const { clientId, clientSecret } = localClient(spec.slug);
    const expiresIn = this.expiresInOverride.get(spec.slug) ?? spec.expiresIn;
    if (endpoint === "longLived") {
      if (params.get("grant_type") !== meta.exchangeGrant || params.get("client_secret") !== clientSecret)
        return this.metaError(res, 400, 1, "Invalid long-lived exchange.");
      if (spec.slug === "facebook" && params.get("client_id") !== clientId) return this.metaError(res, 400, 1, "Invalid client id.");
      const shortValue = params.get(spec.slug === "facebook" ? "fb_exchange_token" : "access_token");
      const short = this.liveAccess(spec.slug, shortValue);
      if (!short || short.kind !== "short") return this.metaError(res, 400, 190, "Invalid OAuth access token.");
      const access = this.issueAccess(spec, "user", short.scope, short.pages, expiresIn);
      return sendJson(res, 200, { access_token: access, token_type: "bearer", expires_in: expiresIn });
    }
    if (params.get("grant_type") !== meta.refreshGrant) return this.metaError(res, 400, 1, "Invalid refresh grant.");
    const current = this.liveAccess(spec.slug, params.get("access_token"));
    if (!current || current.kind !== "user") return this.metaError(res, 400, 190, "Invalid OAuth access token.");
    const access = this.issueAccess(spec, "user", current.scope, current.pages, expiresIn);
    sendJson(res, 200, { access_token: access, token_type: "bearer", expires_in: expiresIn });
  }

  // ---- profile, account lists, revoke ---------------------------------------------------

  private bearer(req: IncomingMessage, url: URL): string | null {
    const header = req.headers.authorization;
    if (header?.startsWith("Bearer ")) return header.slice(7);
    return url.searchParams.get("access_token");
  }

  private async resource(spec: FakePlatformSpec, path: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const slug = spec.slug;
    const image = `${this.origin()}/${slug}/avatar.png`;
    const routes: Record<string, { endpoint: FakeCall["endpoint"]; method: string; body: (access: AccessToken) => unknown }> = {
      "facebook /v21.0/me": { endpoint: "profile", method: "GET", body: () => ({ id: fakeUserId(slug), name: "Fake Facebook User" }) },
      "facebook /v21.0/me/accounts": {
        endpoint: "targets",
        method: "GET",
        body: (access) => ({
          data: FACEBOOK_PAGES.filter((p) => access.pages.length === 0 || access.pages.includes(p.id)).map((p) => ({
            id: p.id,
            name: p.name,
            access_token: this.issueAccess(spec, "page", access.scope, [p.id], null),
            picture: { data: { url: `${this.origin()}/facebook/${p.id}.png` } },
          })),
          paging: { cursors: { before: "a", after: "b" } },
        }),
      },
      "instagram /v21.0/me": {
        endpoint: "profile",
        method: "GET",
        body: () => ({ user_id: fakeUserId(slug), id: "ig-app-scoped-1", username: "fake_instagram", profile_picture_url: image }),
      },
      "threads /v1.0/me": {
        endpoint: "profile",
        method: "GET",
        body: () => ({ id: fakeUserId(slug), username: "fake_threads", threads_profile_picture_url: image }),
      },
      "x /2/users/me": {
        endpoint: "profile",
        method: "GET",
        body: () => ({ data: { id: fakeUserId(slug), name: "Fake X User", username: "fake_x", profile_image_url: image } }),
      },
      "linkedin /v2/userinfo": {
        endpoint: "profile",
        method: "GET",
        body: () => ({ sub: fakeUserId(slug), name: "Fake LinkedIn User", picture: image }),
      },
      "linkedin /v2/organizationAcls": {
        endpoint: "targets",
        method: "GET",
        body: () => ({
          elements: [
            {
              organization: LINKEDIN_ORGANIZATION.urn,
              role: "ADMINISTRATOR",
              state: "APPROVED",
              "organization~": { localizedName: LINKEDIN_ORGANIZATION.name },
            },
          ],
        }),
      },
      "tiktok /v2/user/info/": {
        endpoint: "profile",
        method: "GET",
        body: () => ({
          data: { user: { open_id: fakeUserId(slug), display_name: "Fake TikTok User", avatar_url: image } },
          error: { code: "ok", message: "" },
        }),
      },
      "youtube /youtube/v3/channels": {
        endpoint: "profile",
        method: "GET",
        body: () => ({
          items: [{ id: fakeUserId(slug), snippet: { title: "Fake YouTube Channel", thumbnails: { default: { url: image } } } }],
        }),
      },
      "pinterest /v5/user_account": {
        endpoint: "profile",
        method: "GET",
        body: () => ({ id: fakeUserId(slug), username: "fake_pinterest", profile_image: image }),
      },
    };
    const route = routes[`${slug} ${path}`];
    if (route && req.method === route.method) {
      this.calls.push({ slug, endpoint: route.endpoint });
      const access = this.liveAccess(slug, this.bearer(req, url));
      if (!access) {
        if (spec.meta) this.metaError(res, 400, 190, "Invalid OAuth access token.");
        else sendJson(res, 401, { error: "invalid_token" });
        return true;
      }
      sendJson(res, 200, route.body(access));
      return true;
    }
    return this.revoke(spec, path, req, res, url);
  }

  private async revoke(spec: FakePlatformSpec, path: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const slug = spec.slug;
    const paths: Record<string, string> = {
      x: "/2/oauth2/revoke",
      linkedin: "/oauth/v2/revoke",
      tiktok: "/v2/oauth/revoke/",
      youtube: "/revoke",
      facebook: "/v21.0/me/permissions",
    };
    if (paths[slug] !== path) return false;
    this.calls.push({ slug, endpoint: "revoke" });
    if (this.failRevokes > 0) {
      this.failRevokes -= 1;
      sendJson(res, 503, { error: "temporarily_unavailable" });
      return true;
    }
    let value: string | null;
    if (slug === "facebook") {
      if (req.method !== "DELETE") return false;
      value = url.searchParams.get("access_token");
      if (!this.liveAccess(slug, value)) {
        this.metaError(res, 400, 190, "Invalid OAuth access token.");
        return true;
      }
    } else {
      const params = await readBody(req);
      if (slug !== "youtube" && !this.clientAuthOk(spec, req, params)) {
        this.oauthError(res, 401, "invalid_client");
        return true;
      }
      value = params.get("token");
    }
    if (value) {
      this.revoked.push({ slug, token: value });
      const refresh = this.refreshTokens.get(value);
      if (refresh) refresh.valid = false;
      const access = this.accessTokens.get(value);
      if (access) access.revoked = true;
    }
    sendJson(res, 200, slug === "facebook" ? { success: true } : {});
    return true;
  }
}
