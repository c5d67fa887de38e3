/**
 * Token calls to the platforms: code exchange, Meta's long-lived exchange, refresh and revoke.
 * The standard OAuth 2.0 parts (X, LinkedIn, TikTok, YouTube, Pinterest) go through
 * `oauth4webapi`, loaded on first use (ESM-only: `await import()` from the CommonJS build);
 * Meta's exchanges (Facebook's GET exchange, Instagram's and Threads' token responses without
 * `token_type`, and every long-lived step) are plain `fetch`, which oauth4webapi cannot do.
 * Every error is sorted into GrantRefusedError, PlatformUnavailableError or PlatformResponseError.
 */
import type { AuthorizationServer, Client, ClientAuth, TokenEndpointRequestOptions } from "oauth4webapi";
import { z } from "zod";
import type { OAuthClientConfig, PlatformEndpoints } from "./endpoints.js";
import { GrantRefusedError, PlatformResponseError, PlatformUnavailableError, safeErrorCode } from "./errors.js";
import { tokensFromResponse, type StoredTokens, type TokenResponseFields } from "./tokens.js";

/** How long one platform request may take before it counts as a timeout (transient). */
export const PLATFORM_TIMEOUT_MS = 10_000;

const oauthLibrary = () => import("oauth4webapi");

/** Meta's OAuth error codes that mean the token or grant is gone for good. */
const META_GRANT_CODES = new Set([190, 102, 10, 200]);

function isTimeoutOrNetwork(error: unknown): boolean {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return true;
  return error instanceof TypeError && /fetch failed|network|ECONN|socket/i.test(`${error.message} ${String(error.cause ?? "")}`);
}

/** The error name and system code (ECONNREFUSED, ...) of a failed request: nothing from the request itself. */
function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : "";
  return `${error instanceof Error ? error.name : "error"} ${safeErrorCode(code)}`.trim();
}

function transientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Sorts anything an oauth4webapi call threw. */
async function classifyOAuthError(error: unknown): Promise<Error> {
  if (error instanceof GrantRefusedError || error instanceof PlatformUnavailableError || error instanceof PlatformResponseError)
    return error;
  if (isTimeoutOrNetwork(error)) return new PlatformUnavailableError(null, networkDetail(error));
  const oauth = await oauthLibrary();
  if (error instanceof oauth.ResponseBodyError) {
    if (transientStatus(error.status)) return new PlatformUnavailableError(error.status, safeErrorCode(error.error));
    if (error.error === "invalid_grant" || error.error === "invalid_token") return new GrantRefusedError(error.error);
    return new PlatformResponseError(error.status, safeErrorCode(error.error));
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof Response) {
    if (transientStatus(cause.status)) return new PlatformUnavailableError(cause.status, "unexpected status");
    return new PlatformResponseError(cause.status, "unexpected response");
  }
  return new PlatformResponseError(null, error instanceof Error ? error.name : "unknown");
}

interface OAuthSetup {
  as: AuthorizationServer;
  client: Client;
  auth: ClientAuth;
  options: TokenEndpointRequestOptions;
}

async function oauthSetup(endpoints: PlatformEndpoints, config: OAuthClientConfig): Promise<OAuthSetup> {
  const oauth = await oauthLibrary();
  const { definition } = endpoints;
  const tokenEndpoint = endpoints.url(definition.tokenUrl);
  const as: AuthorizationServer = {
    issuer: definition.issuer ?? new URL(definition.tokenUrl).origin,
    token_endpoint: tokenEndpoint,
    ...(definition.revoke && { revocation_endpoint: endpoints.url(definition.revoke.url) }),
  };
  const auth: ClientAuth =
    definition.clientAuth === "basic"
      ? oauth.ClientSecretBasic(config.clientSecret)
      : definition.clientAuth === "tiktok"
        ? (_as, _client, body) => {
            body.set("client_key", config.clientId);
            body.set("client_secret", config.clientSecret);
          }
        : oauth.ClientSecretPost(config.clientSecret);
  const options: TokenEndpointRequestOptions = {
    signal: () => AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
    ...(endpoints.local && { [oauth.allowInsecureRequests]: true }),
  };
  return { as, client: { client_id: config.clientId }, auth, options };
}

// ---- Meta (plain fetch) ---------------------------------------------------------------

const metaError = z.object({ error: z.object({ code: z.number().optional(), type: z.string().optional() }) });

/** One Meta Graph request; its JSON on success, else a sorted error. */
async function metaFetch(url: URL, init: RequestInit = {}): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS) });
  } catch (error) {
    if (isTimeoutOrNetwork(error)) throw new PlatformUnavailableError(null, networkDetail(error));
    throw error;
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body && typeof body === "object") return body as Record<string, unknown>;
  if (transientStatus(response.status)) throw new PlatformUnavailableError(response.status, "unexpected status");
  const parsed = metaError.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  if (code !== undefined && META_GRANT_CODES.has(code)) throw new GrantRefusedError(`meta-${code}`);
  const oauthError = (body as { error?: unknown } | null)?.error;
  if (oauthError === "invalid_grant") throw new GrantRefusedError("invalid_grant");
  throw new PlatformResponseError(response.status, code !== undefined ? `meta-${code}` : safeErrorCode(oauthError));
}

const accessTokenBody = z.object({ access_token: z.string().min(1) }).passthrough();

/** A Meta token response: flat, or Instagram Login's `{ data: [ {...} ] }`. */
function metaTokenFields(body: Record<string, unknown>): TokenResponseFields {
  const candidate = Array.isArray(body.data) ? body.data[0] : body;
  const parsed = accessTokenBody.safeParse(candidate);
  if (!parsed.success) throw new PlatformResponseError(200, "token response without access_token");
  return parsed.data as TokenResponseFields;
}

async function metaExchangeCode(
  endpoints: PlatformEndpoints,
  config: OAuthClientConfig,
  code: string,
  redirectUri: string,
): Promise<TokenResponseFields> {
  const url = new URL(endpoints.url(endpoints.definition.tokenUrl));
  const params = { client_id: config.clientId, client_secret: config.clientSecret, redirect_uri: redirectUri, code };
  if (endpoints.definition.clientAuth === "metaGet") {
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return metaTokenFields(await metaFetch(url));
  }
  const body = new URLSearchParams({ ...params, grant_type: "authorization_code" });
  return metaTokenFields(await metaFetch(url, { method: "POST", body }));
}

/** Meta's short-lived → long-lived step (GET with the app secret). */
async function metaLongLived(endpoints: PlatformEndpoints, config: OAuthClientConfig, shortLived: string): Promise<TokenResponseFields> {
  const step = endpoints.definition.longLived;
  if (!step) throw new Error(`${endpoints.definition.platform} has no long-lived exchange.`);
  const url = new URL(endpoints.url(step.url));
  url.searchParams.set("grant_type", step.grantType);
  if (step.grantType === "fb_exchange_token") {
    url.searchParams.set("client_id", config.clientId);
    url.searchParams.set("fb_exchange_token", shortLived);
  } else {
    url.searchParams.set("access_token", shortLived);
  }
  url.searchParams.set("client_secret", config.clientSecret);
  return metaTokenFields(await metaFetch(url));
}

// ---- the operations -------------------------------------------------------------------

export interface CodeExchange {
  code: string;
  redirectUri: string;
  codeVerifier: string | null;
}

/**
 * Exchanges an authorization code for the account's tokens, turning Meta's short-lived tokens
 * into long-lived ones. Returns the stored form and the raw response fields the profile step
 * may need (Instagram's `user_id`).
 */
export async function exchangeCode(
  endpoints: PlatformEndpoints,
  config: OAuthClientConfig,
  exchange: CodeExchange,
  now = Date.now(),
): Promise<StoredTokens> {
  const { definition } = endpoints;
  try {
    if (definition.clientAuth === "metaGet" || definition.longLived) {
      const shortLived = await metaExchangeCode(endpoints, config, exchange.code, exchange.redirectUri);
      const longLived = definition.longLived ? await metaLongLived(endpoints, config, shortLived.access_token) : shortLived;
      return tokensFromResponse({ scope: shortLived.scope, ...longLived }, now, definition.scopeSeparator);
    }
    const oauth = await oauthLibrary();
    const { as, client, auth, options } = await oauthSetup(endpoints, config);
    // The callback already checked and used up the state; the library still wants its own view of the response.
    const callbackParameters = oauth.validateAuthResponse(as, client, new URLSearchParams({ code: exchange.code }), oauth.expectNoState);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      callbackParameters,
      exchange.redirectUri,
      exchange.codeVerifier ?? oauth.nopkce,
      options,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    return tokensFromResponse(result, now, definition.scopeSeparator);
  } catch (error) {
    throw await classifyOAuthError(error);
  }
}

/**
 * One refresh of `tokens` with the platform's own style. Rotation keeps the new refresh token;
 * a response without one keeps the old one.
 */
export async function refreshTokens(
  endpoints: PlatformEndpoints,
  config: OAuthClientConfig,
  tokens: StoredTokens,
  now = Date.now(),
): Promise<StoredTokens> {
  const { definition } = endpoints;
  try {
    if (definition.refresh === "metaLongLived" && definition.longLivedRefresh) {
      const url = new URL(endpoints.url(definition.longLivedRefresh.url));
      url.searchParams.set("grant_type", definition.longLivedRefresh.grantType);
      url.searchParams.set("access_token", tokens.accessToken);
      return tokensFromResponse(metaTokenFields(await metaFetch(url)), now, definition.scopeSeparator, tokens);
    }
    if (definition.refresh !== "refreshToken" || !tokens.refreshToken) throw new GrantRefusedError("no_refresh_token");
    const oauth = await oauthLibrary();
    const { as, client, auth, options } = await oauthSetup(endpoints, config);
    const response = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refreshToken, options);
    const result = await oauth.processRefreshTokenResponse(as, client, response);
    return tokensFromResponse(result, now, definition.scopeSeparator, tokens);
  } catch (error) {
    throw await classifyOAuthError(error);
  }
}

/**
 * Revokes the grant at the platform where it has an endpoint (X, LinkedIn, TikTok, Google,
 * Facebook permissions). Returns false when the platform has none. Throws on failure; the
 * caller logs it and deletes locally anyway.
 */
export async function revokeTokens(endpoints: PlatformEndpoints, config: OAuthClientConfig, tokens: StoredTokens): Promise<boolean> {
  const revoke = endpoints.definition.revoke;
  if (!revoke) return false;
  try {
    const url = new URL(endpoints.url(revoke.url));
    if (revoke.style === "facebookPermissions") {
      url.searchParams.set("access_token", tokens.accessToken);
      await metaFetch(url, { method: "DELETE" });
      return true;
    }
    if (revoke.style === "google") {
      const response = await fetch(url, {
        method: "POST",
        body: new URLSearchParams({ token: tokens.refreshToken ?? tokens.accessToken }),
        signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
      });
      if (!response.ok) throw new PlatformResponseError(response.status, "revoke refused");
      return true;
    }
    const oauth = await oauthLibrary();
    const { as, client, auth, options } = await oauthSetup(endpoints, config);
    const token = revoke.style === "oauth" && tokens.refreshToken ? tokens.refreshToken : tokens.accessToken;
    const response = await oauth.revocationRequest(as, client, auth, token, options);
    await oauth.processRevocationResponse(response);
    return true;
  } catch (error) {
    throw await classifyOAuthError(error);
  }
}
