import { validatedPublicOnCall, type PublicCallContext } from "../common/callable.js";
import type { InvitationStatus } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { effectiveStatus, findInvitationByToken, isoDate } from "./lookup.js";
import { tokenInput, type TokenInput } from "./tokens.js";

/** What the invite page shows to whoever holds the token. */
export interface InvitationView {
  teamId: string;
  teamName: string;
  email: string;
  invitedByName: string;
  status: InvitationStatus;
  /** ISO 8601, UTC. */
  expiresAt: string;
}

/** Shows an invitation to anyone holding its token, signed in or not. */
export async function handleGetInvitation(ctx: PublicCallContext<TokenInput>): Promise<InvitationView> {
  const { invitation } = await db().runTransaction((tx) => findInvitationByToken(tx, ctx.data.token), { readOnly: true });
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
