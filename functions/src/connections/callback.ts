import { Timestamp } from "firebase-admin/firestore";
import { onRequest, type Request } from "firebase-functions/v2/https";
import type { Response } from "express";
import { connectionStates, pendingConnections } from "../common/collections/connections.js";
import { serverNow } from "../common/collections/typed.js";
import type { CampaignPlatform } from "../models/campaignEnums.js";
import { logError, logInfo, logWarn } from "../common/logs.js";
import { appUrl } from "../common/params.js";
import { runTransaction } from "../common/transaction.js";
import { oauthClientConfig, platformEndpoints, PLATFORM_SECRETS } from "./endpoints.js";
import { sha256Hex } from "./ids.js";
import { PENDING_TTL_MS, sealGrant } from "./pending.js";
import { exchangeCode } from "./platformClient.js";
import { platformBySlug } from "./platforms.js";
import { grantTargets } from "./profiles.js";
import type { ConnectionErrorReason, ConnectionState } from "../models/connections.js";

/** The `reason` of the settings-page redirect after a failed flow (models/connections.ts). */
export type CallbackFailure = ConnectionErrorReason;

function settingsUrl(params: Record<string, string>): string {
  const url = new URL(`${appUrl.value().replace(/\/+$/, "")}/settings`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

function redirect(res: Response, location: string): void {
  res.set("cache-control", "no-store").set("referrer-policy", "no-referrer").redirect(302, location);
}

function fail(res: Response, platform: CampaignPlatform | null, reason: CallbackFailure): void {
  redirect(res, settingsUrl({ connection_status: "error", ...(platform && { platform }), reason }));
}

function queryString(req: Request, name: string): string | null {
  const value = req.query[name];
  return typeof value === "string" && value.length > 0 && value.length <= 2048 ? value : null;
}

/**
 * Uses the state once: deleted in the transaction that reads it, so of two callbacks racing with
 * one state exactly one gets it. Refuses an unknown, expired or other-platform state.
 */
async function consumeState(state: string, platform: CampaignPlatform): Promise<ConnectionState | "invalid_state" | "expired"> {
  const ref = connectionStates().doc(sha256Hex(state));
  return runTransaction(async (tx) => {
    const stored = (await tx.get(ref)).data();
    if (!stored) return "invalid_state" as const;
    tx.delete(ref);
    if (stored.expiresAt.toMillis() <= Date.now()) return "expired" as const;
    if (stored.platform !== platform) return "invalid_state" as const;
    return stored;
  });
}

/**
 * HTTP `connections-callback/<platform>`: the redirect URI of every platform. Checks the state,
 * exchanges the code (Meta: then for a long-lived token), reads the accounts the grant reaches
 * and keeps the grant, sealed, as a pending connection for 10 minutes; then sends the browser to
 * the app's settings page. Neither the redirect, the response nor a log line ever carries a
 * token or a platform's raw error text.
 */
export async function handleCallback(req: Request, res: Response): Promise<void> {
  const definition = platformBySlug(req.path.replace(/^\/+|\/+$/g, ""));
  if (req.method !== "GET" || !definition) return fail(res, null, "invalid_state");
  const platform = definition.platform;
  const state = queryString(req, "state");
  if (!state) return fail(res, platform, "invalid_state");
  const flow = await consumeState(state, platform);
  if (flow === "invalid_state" || flow === "expired") {
    logWarn("connections.callbackRefused", { platform, reason: flow });
    return fail(res, platform, flow);
  }
  if (queryString(req, "error")) {
    const denied = ["access_denied", "user_denied", "user_cancelled"].includes(queryString(req, "error") ?? "");
    logInfo("connections.consentRefused", { platform, teamId: flow.teamId, uid: flow.uid, denied });
    return fail(res, platform, denied ? "denied" : "platform_error");
  }
  const code = queryString(req, "code");
  if (!code) return fail(res, platform, "platform_error");
  try {
    const endpoints = await platformEndpoints(platform);
    const tokens = await exchangeCode(endpoints, oauthClientConfig(platform), {
      code,
      redirectUri: flow.redirectUri,
      codeVerifier: flow.codeVerifier,
    });
    const grant = await grantTargets(endpoints, tokens);
    const pendingRef = pendingConnections().doc();
    const sealed = await sealGrant(pendingRef.id, platform, grant.tokens);
    await pendingRef.create({
      uid: flow.uid,
      teamId: flow.teamId,
      platform,
      targets: grant.targets,
      grant: sealed,
      expiresAt: Timestamp.fromMillis(Date.now() + PENDING_TTL_MS),
      createdAt: serverNow(),
    });
    logInfo("connections.pending", {
      platform,
      teamId: flow.teamId,
      uid: flow.uid,
      pendingId: pendingRef.id,
      targets: grant.targets.length,
    });
    redirect(res, settingsUrl({ connection_status: "pending", platform, pendingId: pendingRef.id }));
  } catch (error) {
    logError("connections.callbackFailed", error, { platform, teamId: flow.teamId, uid: flow.uid });
    fail(res, platform, "platform_error");
  }
}

export const callback = onRequest({ secrets: PLATFORM_SECRETS, invoker: "public" }, handleCallback);
