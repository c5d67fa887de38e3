/**
 * The tokens of one account as they are stored: encrypted with the crypto envelope (purpose
 * `oauthTokens`), never in a readable document. Lifetimes come from each token response
 * (`expires_in`, `refresh_expires_in` / `refresh_token_expires_in`), never from constants.
 */
import { z } from "zod";

export const storedTokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  /** Epoch ms when the access token expires; absent: it does not expire. */
  expiresAt: z.number().optional(),
  /** Epoch ms when the refresh token expires, when the platform says. */
  refreshExpiresAt: z.number().optional(),
  /** Epoch ms when the access token was issued (Instagram/Threads refresh once it is a day old). */
  issuedAt: z.number(),
  scopes: z.array(z.string()).optional(),
});
export type StoredTokens = z.infer<typeof storedTokensSchema>;

/** The fields of a token response we read; every platform names them the OAuth way. */
export interface TokenResponseFields {
  access_token: string;
  refresh_token?: unknown;
  expires_in?: unknown;
  refresh_expires_in?: unknown;
  refresh_token_expires_in?: unknown;
  scope?: unknown;
}

function seconds(value: unknown): number | undefined {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number > 0 ? number : undefined;
}

function scopesOf(value: unknown, separator: " " | ","): string[] | undefined {
  if (typeof value !== "string" || !value.trim()) return undefined;
  return value
    .split(separator === "," ? /[,\s]+/ : /\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Stored tokens from a token response received at `now`. A response without a refresh token
 * keeps the previous one (and its expiry): a stored refresh token is never replaced by nothing.
 */
export function tokensFromResponse(
  response: TokenResponseFields,
  now: number,
  separator: " " | ",",
  previous?: StoredTokens,
): StoredTokens {
  const expiresIn = seconds(response.expires_in);
  const refreshExpiresIn = seconds(response.refresh_expires_in) ?? seconds(response.refresh_token_expires_in);
  const newRefresh = typeof response.refresh_token === "string" && response.refresh_token ? response.refresh_token : undefined;
  const tokens: StoredTokens = { accessToken: response.access_token, issuedAt: now };
  if (expiresIn) tokens.expiresAt = now + expiresIn * 1000;
  if (newRefresh) {
    tokens.refreshToken = newRefresh;
    if (refreshExpiresIn) tokens.refreshExpiresAt = now + refreshExpiresIn * 1000;
  } else if (previous?.refreshToken) {
    tokens.refreshToken = previous.refreshToken;
    if (previous.refreshExpiresAt) tokens.refreshExpiresAt = previous.refreshExpiresAt;
  }
  const scopes = scopesOf(response.scope, separator) ?? previous?.scopes;
  if (scopes) tokens.scopes = scopes;
  return tokens;
}
