import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { invitationRef } from "../common/collections/invitations.js";
import { notFound } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { revokeInvitationInput } from "../models/teams.js";
import { ADMIN_ROLES, requireTeamRole } from "../teams/access.js";
import { effectiveStatus, notPendingError } from "./lookup.js";

/** Revokes a pending invitation (owner/admin of its team); its seat is free again. */
export async function handleRevokeInvitation(ctx: CallContext<z.output<typeof revokeInvitationInput>>): Promise<Record<string, never>> {
  const { invitationId } = ctx.data;
  const outcome = await runTransaction(async (tx) => {
    const ref = invitationRef(invitationId);
    const invitation = (await tx.get(ref)).data();
    if (!invitation) throw notFound("Invitation");
    await requireTeamRole(tx, invitation.teamId, ctx.uid, ADMIN_ROLES);
    const status = effectiveStatus(invitation);
    if (status !== invitation.status) tx.update(ref, { status });
    const refusal = notPendingError(status);
    if (!refusal) tx.update(ref, { status: "revoked" });
    return { refusal, teamId: invitation.teamId };
  });
  if (outcome.refusal) throw outcome.refusal;
  logInfo("teams.invitationRevoked", { teamId: outcome.teamId, invitationId, uid: ctx.uid });
  return {};
}

export const revokeInvitation = validatedOnCall("teams-revokeInvitation", revokeInvitationInput, handleRevokeInvitation);
