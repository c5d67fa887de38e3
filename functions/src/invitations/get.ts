import { validatedPublicOnCall, type PublicCallContext } from "../common/callable.js";
import { runTransaction } from "../common/transaction.js";
import { effectiveStatus, findInvitationByToken, isoDate } from "./lookup.js";
import { tokenInput, type InvitationView, type TokenInput } from "../models/invitations.js";

/** Shows an invitation to anyone holding its token, signed in or not. */
export async function handleGetInvitation(ctx: PublicCallContext<TokenInput>): Promise<InvitationView> {
  const { invitation } = await runTransaction((tx) => findInvitationByToken(tx, ctx.data.token), { readOnly: true });
  return {
    teamId: invitation.teamId,
    teamName: invitation.teamName,
    email: invitation.email,
    invitedByName: invitation.invitedByName,
    status: effectiveStatus(invitation),
    expiresAt: isoDate(invitation.expiresAt),
  };
}

export const get = validatedPublicOnCall("invitations-get", tokenInput, handleGetInvitation);
