import { accountTokenStateRef, connectedAccountRef } from "../common/collections/connections.js";
import { db } from "../common/firebase.js";
import { logError, logInfo } from "../common/logs.js";
import { campaignPlatforms } from "../models/campaignEnums.js";
import { deleteTokens, readAccountTokens } from "./accountTokens.js";
import { oauthClientConfig, platformEndpoints } from "./endpoints.js";
import { revokeTokens } from "./platformClient.js";

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
