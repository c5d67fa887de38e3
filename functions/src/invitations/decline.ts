import { validatedPublicOnCall, type PublicCallContext } from "../common/callable.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { effectiveStatus, findInvitationByToken, notPendingError } from "./lookup.js";
import { tokenInput, type TokenInput } from "../models/invitations.js";

/**
 * Declines an invitation for whoever holds the token. An invitation found expired is marked
 * so before the refusal is returned.
 */
export async function handleDeclineInvitation(ctx: PublicCallContext<TokenInput>): Promise<Record<string, never>> {
  const outcome = await runTransaction(async (tx) => {
    const { ref, invitation } = await findInvitationByToken(tx, ctx.data.token);
    const status = effectiveStatus(invitation);
    if (status !== invitation.status) tx.update(ref, { status });
    const refusal = notPendingError(status);
    if (!refusal) tx.update(ref, { status: "declined" });
    return { refusal, invitationId: ref.id, teamId: invitation.teamId };
  });
  if (outcome.refusal) throw outcome.refusal;
  logInfo("invitations.declined", { invitationId: outcome.invitationId, teamId: outcome.teamId });
  return {};
}

export const decline = validatedPublicOnCall("invitations-decline", tokenInput, handleDeclineInvitation);
