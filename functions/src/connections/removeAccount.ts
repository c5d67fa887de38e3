import { accountTokenStateRef, connectedAccountRef } from "../common/collections/connections.js";
import { db } from "../common/firebase.js";
import { logError, logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { campaignPlatforms } from "../models/campaignEnums.js";
import { deleteTokens, readAccountTokens } from "./accountTokens.js";
import { oauthClientConfig, platformEndpoints } from "./endpoints.js";
import { revokeTokens } from "./platformClient.js";

/** Revokes the grant of `tokens` at `platform` where it can be revoked; a failure is logged, never thrown. */
async function revokeGrant(teamId: string, accountId: string, platform: string | undefined): Promise<boolean> {
  const known = campaignPlatforms.find((p) => p === platform);
  const tokens = await readAccountTokens(teamId, accountId).catch(() => null);
  if (!known || !tokens) return false;
  try {
    return await revokeTokens(await platformEndpoints(known), oauthClientConfig(known), tokens);
  } catch (error) {
    logError("connections.revokeFailed", error, { teamId, accountId, platform: known });
    return false;
  }
}

/**
 * Revokes an account's grant at the platform where it can be revoked, then deletes the account,
 * its tokens and its refresh state in one batch. A failed revoke is logged; the local delete
 * still happens. Idempotent: a missing account is a no-op.
 */
export async function removeConnectedAccount(teamId: string, accountId: string, reason: string): Promise<boolean> {
  const account = (await connectedAccountRef(teamId, accountId).get()).data();
  const revoked = await revokeGrant(teamId, accountId, account?.platform);
  const batch = db().batch();
  batch.delete(connectedAccountRef(teamId, accountId));
  batch.delete(accountTokenStateRef(teamId, accountId));
  deleteTokens(batch, teamId, accountId);
  await batch.commit();
  logInfo("connections.disconnected", { teamId, accountId, platform: account?.platform, reason, revoked });
  return Boolean(account);
}

/**
 * The queued half of a cleanup (connections/cleanup.ts), whose batch already deleted the account
 * document: revokes the grant the stored tokens hold, then deletes them and the refresh state.
 * When the account exists again, someone connected the same platform account meanwhile, and its
 * new tokens replaced the queued grant's: that connection stays, and nothing is revoked (checked
 * before the revoke and again, in a transaction, before the delete).
 */
export async function removeQueuedAccount(teamId: string, accountId: string, reason: string, platform: string | undefined): Promise<void> {
  const reconnected = () => ({ teamId, accountId, platform, reason });
  if ((await connectedAccountRef(teamId, accountId).get()).exists) {
    logInfo("connections.revocationSuperseded", reconnected());
    return;
  }
  const revoked = await revokeGrant(teamId, accountId, platform);
  const deleted = await runTransaction(async (tx) => {
    if ((await tx.get(connectedAccountRef(teamId, accountId))).exists) return false;
    tx.delete(accountTokenStateRef(teamId, accountId));
    deleteTokens(tx, teamId, accountId);
    return true;
  });
  if (!deleted) logInfo("connections.revocationSuperseded", reconnected());
  else logInfo("connections.disconnected", { teamId, accountId, platform, reason, revoked });
}
