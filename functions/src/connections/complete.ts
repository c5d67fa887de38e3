import { requireActiveAccount } from "../common/activeAccount.js";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import type { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { accountTokenStateRef, connectedAccountRef, pendingConnections } from "../common/collections/connections.js";
import { failedPrecondition, invalidArgument, notFound, permissionDenied } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import type { SealedSecret } from "../crypto/envelope.js";
import { ANY_ROLE, requireTeamRole } from "../teams/access.js";
import { readAccountTokens, sealTokens, writeSealedTokens } from "./accountTokens.js";
import { freshTokenState, healthOf, nextCheckAt } from "./health.js";
import { connectedAccountId } from "./ids.js";
import { openGrant } from "./pending.js";
import { platformDefinition } from "./platforms.js";
import {
  completeConnectionInput as completeInput,
  getPendingConnectionInput as pendingInput,
  type CompleteConnectionResponse,
  type PendingView,
  type ConnectionTarget,
  type PendingConnection,
} from "../models/connections.js";
import type { StoredTokens } from "./tokens.js";

/**
 * The caller's pending connection. Only the member who started the flow may see or complete
 * it: that binds the browser that came back from the platform to the signed-in user.
 */
async function ownPending(pendingId: string, uid: string): Promise<PendingConnection> {
  const pending = (await pendingConnections().doc(pendingId).get()).data();
  if (!pending) throw notFound("Pending connection");
  if (pending.uid !== uid) throw permissionDenied("Only the member who started this connection can complete it.");
  if (pending.expiresAt.toMillis() <= Date.now()) {
    throw failedPrecondition("This connection expired. Start it again.", { reason: "pending-expired" });
  }
  return pending;
}

const alreadyCompleted = (message: string) => failedPrecondition(message, { reason: "pending-used" });

/** `connections-getPending`: what the grant reaches, for the frontend to choose from. */
export async function handleGetPending(ctx: CallContext<z.output<typeof pendingInput>>): Promise<PendingView> {
  const pending = await ownPending(ctx.data.pendingId, ctx.uid);
  if (pending.completed) throw alreadyCompleted("This connection was already completed.");
  return { platform: pending.platform, teamId: pending.teamId, targets: pending.targets };
}

/**
 * The answer of an earlier complete of `pending` that chose the same targets, for a retry whose
 * first answer was lost (a dropped connection); null when it was not completed yet. Another choice
 * is refused: the grant was used.
 */
function earlierAnswer(pending: PendingConnection, targetIds: string[]): CompleteConnectionResponse | null {
  const completed = pending.completed;
  if (!completed) return null;
  const sameChoice = completed.targetIds.length === targetIds.length && targetIds.every((id) => completed.targetIds.includes(id));
  if (!sameChoice) throw alreadyCompleted("This connection was already completed. Start it again to connect other accounts.");
  return { connectedAccountIds: completed.connectedAccountIds };
}

/** A reconnect never replaces a stored refresh token with none. */
function keepRefreshToken(next: StoredTokens, previous: StoredTokens | null): StoredTokens {
  if (next.refreshToken || !previous?.refreshToken) return next;
  return {
    ...next,
    refreshToken: previous.refreshToken,
    ...(previous.refreshExpiresAt && { refreshExpiresAt: previous.refreshExpiresAt }),
  };
}

/**
 * `connections-complete`: attaches the chosen targets (default: all) to the team as connected
 * accounts, each with its tokens sealed in its own secret, in one transaction that also uses up
 * the pending connection (its grant goes, what it connected stays until it expires). Connecting
 * an account the team already has updates its document. Completing again with the same choice
 * answers the same accounts and writes nothing.
 */
export async function handleComplete(ctx: CallContext<z.output<typeof completeInput>>): Promise<CompleteConnectionResponse> {
  const { pendingId } = ctx.data;
  const pending = await ownPending(pendingId, ctx.uid);
  const known = new Map(pending.targets.map((t) => [t.targetId, t]));
  const targetIds = ctx.data.targetIds ? [...new Set(ctx.data.targetIds)] : [...known.keys()];
  const unknown = targetIds.filter((id) => !known.has(id));
  if (unknown.length) throw invalidArgument(`targetIds: not offered by this connection: ${unknown.slice(0, 3).join(", ")}`);
  const earlier = earlierAnswer(pending, targetIds);
  if (earlier) return earlier;
  if (!pending.grant) throw alreadyCompleted("This connection was already completed.");
  const grant = await openGrant(pendingId, pending.platform, pending.grant);
  const definition = platformDefinition(pending.platform);
  const now = Date.now();
  const accounts: Array<{ accountId: string; target: ConnectionTarget; tokens: StoredTokens; sealed: SealedSecret }> = [];
  for (const targetId of targetIds) {
    const accountId = connectedAccountId(definition, targetId);
    const granted = grant.tokens[targetId];
    if (!granted) throw failedPrecondition("The connection has no tokens for this account. Start it again.");
    const tokens = keepRefreshToken(granted, await readAccountTokens(pending.teamId, accountId));
    accounts.push({ accountId, target: known.get(targetId)!, tokens, sealed: await sealTokens(pending.teamId, accountId, tokens) });
  }
  const connectedAccountIds = accounts.map((a) => a.accountId);
  const raced = await runTransaction(async (tx) => {
    const pendingRef = pendingConnections().doc(pendingId);
    const [stillPending] = await Promise.all([
      tx.get(pendingRef),
      requireTeamRole(tx, pending.teamId, ctx.uid, ANY_ROLE),
      requireActiveAccount(tx, ctx.uid),
    ]);
    const current = stillPending.data();
    if (!current) throw notFound("Pending connection");
    const answered = earlierAnswer(current, targetIds);
    if (answered) return answered;
    for (const { accountId, target, tokens, sealed } of accounts) {
      const health = healthOf(definition, tokens, now);
      const due = nextCheckAt(definition, tokens, now);
      writeSealedTokens(tx, pending.teamId, accountId, sealed);
      tx.set(connectedAccountRef(pending.teamId, accountId), {
        platform: pending.platform,
        platformAccountId: target.targetId,
        kind: target.kind,
        displayName: target.displayName,
        profileImageUrl: target.profileImageUrl,
        scopes: tokens.scopes ?? definition.scopes,
        connectedBy: ctx.uid,
        connectedAt: FieldValue.serverTimestamp(),
        ...(tokens.expiresAt && { expiresAt: Timestamp.fromMillis(tokens.expiresAt) }),
        health: health.health,
        ...(health.healthReason && { healthReason: health.healthReason }),
      });
      tx.set(
        accountTokenStateRef(pending.teamId, accountId),
        freshTokenState({ teamId: pending.teamId, accountId, platform: pending.platform, connectedBy: ctx.uid }, due),
      );
    }
    tx.update(pendingRef, { grant: FieldValue.delete(), completed: { targetIds, connectedAccountIds } });
    return null;
  });
  if (raced) return raced;
  logInfo("connections.completed", { teamId: pending.teamId, uid: ctx.uid, platform: pending.platform, connectedAccountIds });
  return { connectedAccountIds };
}

export const getPending = validatedOnCall("connections-getPending", pendingInput, handleGetPending);
export const complete = validatedOnCall("connections-complete", completeInput, handleComplete);
