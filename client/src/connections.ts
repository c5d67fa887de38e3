/** Connecting a social account to a team (CONTRACT §6): start, then the settings-page redirect. */
import type { Functions } from "firebase/functions";
import type { CampaignPlatform } from "../../functions/src/models/campaign.js";
import {
  CONNECTION_REDIRECT_PARAMS as PARAMS,
  type CompleteConnectionResponse,
  type ConnectionErrorReason,
  type ConnectionTarget,
} from "../../functions/src/models/connections.js";
import { callables } from "./callables.js";

/**
 * Starts connecting `platform` to the team: asks `connections-start` for the platform's
 * authorization URL and sends the browser there (or hands the URL to `navigate`).
 */
export async function connectAccount(
  functions: Functions,
  request: { teamId: string; platform: CampaignPlatform },
  navigate: (url: string) => void = (url) => globalThis.location.assign(url),
): Promise<string> {
  const { authorizationUrl } = await callables(functions).connections.start(request);
  navigate(authorizationUrl);
  return authorizationUrl;
}

/** What the settings page's query says about a connection that came back from a platform. */
export type ConnectionRedirect =
  | { status: "pending"; platform: string; pendingId: string }
  | { status: "error"; platform: string; reason: ConnectionErrorReason | string };

/** Reads `connection_status`, `platform`, `pendingId` and `reason`; null when the query has none. */
export function parseConnectionRedirect(search: string | URLSearchParams): ConnectionRedirect | null {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const status = params.get(PARAMS.status);
  const platform = params.get(PARAMS.platform) ?? "";
  if (status === "pending") {
    const pendingId = params.get(PARAMS.pendingId);
    return pendingId ? { status, platform, pendingId } : { status: "error", platform, reason: "invalid_state" };
  }
  if (status === "error") return { status, platform, reason: params.get(PARAMS.reason) ?? "platform_error" };
  return null;
}

/** A connection waiting for the user to pick its accounts. */
export interface PendingConnectionFlow {
  status: "pending";
  pendingId: string;
  platform: CampaignPlatform;
  teamId: string;
  targets: ConnectionTarget[];
  /** Connects the chosen targets (default: every target). */
  complete(targetIds?: string[]): Promise<CompleteConnectionResponse>;
}

/**
 * On the settings page after the OAuth callback: reads the query (`location.search` by default),
 * and for a pending connection lists its targets (`connections-getPending`) with a `complete`
 * that attaches the chosen ones (`connections-complete`). Only the member who started the flow
 * may do this. Null when the page was not opened by a connection redirect.
 */
export async function handleConnectionRedirect(
  functions: Functions,
  search: string | URLSearchParams = globalThis.location.search,
): Promise<PendingConnectionFlow | Extract<ConnectionRedirect, { status: "error" }> | null> {
  const redirect = parseConnectionRedirect(search);
  if (!redirect || redirect.status === "error") return redirect;
  const api = callables(functions).connections;
  const { pendingId } = redirect;
  const pending = await api.getPending({ pendingId });
  return {
    status: "pending",
    pendingId,
    ...pending,
    complete: (targetIds) => api.complete(targetIds ? { pendingId, targetIds } : { pendingId }),
  };
}
