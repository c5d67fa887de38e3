import { Timestamp } from "firebase-admin/firestore";
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { requireActiveAccount } from "../common/activeAccount.js";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { connectionStates } from "../common/collections/connections.js";
import { serverNow } from "../common/collections/typed.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { ANY_ROLE, requireTeamRole } from "../teams/access.js";
import { oauthClientConfig, platformEndpoints } from "./endpoints.js";
import { sha256Hex } from "./ids.js";
import { redirectUriFor } from "./redirectUri.js";
import { startConnectionInput as startInput, type StartConnectionResponse } from "../models/connections.js";

/** A started authorization is usable this long. */
export const STATE_TTL_MS = 10 * 60 * 1000;

/**
 * `connections-start`: any member of the team gets the platform's authorization URL. A one-time
 * `state` (32 random bytes, stored only as its sha256) binds the flow to the caller, the team,
 * the platform, the redirect URI and the PKCE verifier (S256) where the platform takes PKCE.
 */
export async function handleStart(ctx: CallContext<z.output<typeof startInput>>): Promise<StartConnectionResponse> {
  const { teamId, platform } = ctx.data;
  await runTransaction((tx) => Promise.all([requireTeamRole(tx, teamId, ctx.uid, ANY_ROLE), requireActiveAccount(tx, ctx.uid)]));
  const client = oauthClientConfig(platform);
  const endpoints = await platformEndpoints(platform);
  const { definition } = endpoints;
  const redirectUri = await redirectUriFor(definition, ctx.rawRequest);
  const state = randomBytes(32).toString("base64url");
  let codeVerifier: string | null = null;
  const url = new URL(endpoints.url(definition.authorizeUrl));
  url.searchParams.set(definition.authorizeClientIdParam, client.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", definition.scopes.join(definition.scopeSeparator));
  url.searchParams.set("state", state);
  if (definition.pkce) {
    const oauth = await import("oauth4webapi");
    codeVerifier = oauth.generateRandomCodeVerifier();
    url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set("code_challenge_method", "S256");
  }
  for (const [key, value] of Object.entries(definition.authorizeExtras ?? {})) url.searchParams.set(key, value);
  await connectionStates()
    .doc(sha256Hex(state))
    .create({
      uid: ctx.uid,
      teamId,
      platform,
      codeVerifier,
      redirectUri,
      expiresAt: Timestamp.fromMillis(Date.now() + STATE_TTL_MS),
      createdAt: serverNow(),
    });
  logInfo("connections.started", { teamId, uid: ctx.uid, platform });
  return { authorizationUrl: url.toString() };
}

export const start = validatedOnCall("connections-start", startInput, handleStart);
