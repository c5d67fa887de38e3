import type { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { accountTokenStateRef, connectedAccountRef } from "../common/collections/connections.js";
import { campaignPlatforms } from "../models/campaignEnums.js";
import { notFound, permissionDenied } from "../common/errors.js";
import { db } from "../common/firebase.js";
import { logError, logInfo } from "../common/logs.js";
import { ADMIN_ROLES, ANY_ROLE, requireTeamRole } from "../teams/access.js";
import { deleteTokens, readAccountTokens } from "./accountTokens.js";
import { oauthClientConfig, platformEndpoints, PLATFORM_SECRETS } from "./endpoints.js";
import { revokeTokens } from "./platformClient.js";
import { disconnectInput } from "../models/connections.js";

/**
 * Revokes an account's grant at the platform where it can be revoked, then deletes the account,
 * its tokens and its refresh state in one batch (`knownPlatform`: for an account whose document
 * a cleanup already deleted). A failed revoke is logged; the local delete
 * still happens. Idempotent: a missing account is a no-op.
 */
export async function removeConnectedAccount(teamId: string, accountId: string, reason: string, knownPlatform?: string): Promise<boolean> {
  const account = (await connectedAccountRef(teamId, accountId).get()).data();
  const platform = account?.platform ?? campaignPlatforms.find((p) => p === knownPlatform);
  const tokens = await readAccountTokens(teamId, accountId).catch(() => null);
  let revoked = false;
  if (platform && tokens) {
    try {
      revoked = await revokeTokens(await platformEndpoints(platform), oauthClientConfig(platform), tokens);
    } catch (error) {
      logError("connections.revokeFailed", error, { teamId, accountId, platform });
    }
  }
  const batch = db().batch();
  batch.delete(connectedAccountRef(teamId, accountId));
  batch.delete(accountTokenStateRef(teamId, accountId));
  deleteTokens(batch, teamId, accountId);
  await batch.commit();
  logInfo("connections.disconnected", { teamId, accountId, platform, reason, revoked });
  return Boolean(account);
}

/** `connections-disconnect`: the connector, the owner or an admin. */
export async function handleDisconnect(ctx: CallContext<z.output<typeof disconnectInput>>): Promise<Record<string, never>> {
  const { teamId, connectedAccountId } = ctx.data;
  const { member, account } = await db().runTransaction(async (tx) => {
    const [{ member }, accountSnap] = await Promise.all([
      requireTeamRole(tx, teamId, ctx.uid, ANY_ROLE),
      tx.get(connectedAccountRef(teamId, connectedAccountId)),
    ]);
    return { member, account: accountSnap.data() };
  });
  if (!account) throw notFound("Connected account");
  const isAdmin = (ADMIN_ROLES as readonly string[]).includes(member.role);
  if (account.connectedBy !== ctx.uid && !isAdmin) {
    throw permissionDenied("Only the member who connected this account, the owner or an admin can disconnect it.");
  }
  await removeConnectedAccount(teamId, connectedAccountId, "disconnect");
  return {};
}

export const disconnect = validatedOnCall("connections-disconnect", disconnectInput, handleDisconnect, { secrets: PLATFORM_SECRETS });
