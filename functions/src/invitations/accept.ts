import { requireActiveAccount } from "../common/activeAccount.js";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { userRef } from "../common/collections/identity.js";
import { teamRef } from "../common/collections/teams.js";
import { failedPrecondition, permissionDenied } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { teamDeleted } from "../teams/access.js";
import { addMembership } from "../teams/membership.js";
import { commitSeats, MAX_TEAM_MEMBERS, readSeats, teamFull } from "../teams/seats.js";
import { checkTeamsJoined } from "../teams/teamLimits.js";
import { effectiveStatus, findInvitationByToken, notPendingError } from "./lookup.js";
import { tokenInput, type AcceptInvitationResponse, type TokenInput } from "../models/invitations.js";

/**
 * Accepts an invitation for the signed-in user whose **verified** email is the invited one
 * (an unverified address proves nothing: anyone can register it with a password). In one
 * transaction: the membership, the team's `memberIds`, the user's `teamIds` and the
 * invitation's status. The invitation's own seat becomes the member's, so only a team that
 * already has MAX_TEAM_MEMBERS members refuses. An account being deleted gets `account-deleted`
 * and the invitation stays pending (a ghost member would hold a seat).
 */
export async function handleAcceptInvitation(ctx: CallContext<TokenInput>): Promise<AcceptInvitationResponse> {
  const outcome = await runTransaction(async (tx) => {
    const { ref, invitation } = await findInvitationByToken(tx, ctx.data.token);
    const [teamSnap, profileSnap] = await Promise.all([
      tx.get(teamRef(invitation.teamId)),
      tx.get(userRef(ctx.uid)),
      requireActiveAccount(tx, ctx.uid),
    ]);
    const status = effectiveStatus(invitation);
    if (status !== invitation.status) tx.update(ref, { status });
    const refusal = notPendingError(status);
    if (refusal) return { refusal };
    if (ctx.email !== invitation.email) {
      throw permissionDenied("This invitation was sent to a different email address. Sign in with that address to accept it.");
    }
    if (!ctx.emailVerified) {
      throw failedPrecondition("Verify your email address first: open the link in the verification email, then accept again.", {
        reason: "email-not-verified",
      });
    }
    const team = teamSnap.data();
    if (!team || team.deletingAt) throw teamDeleted();
    const profile = profileSnap.data();
    if (!profile) throw failedPrecondition("Your profile is not ready yet; try again in a moment.");
    if (team.memberIds.includes(ctx.uid)) {
      tx.update(ref, { status: "accepted" });
      return { refusal: null, invitationId: ref.id, teamId: invitation.teamId, joined: false };
    }
    const seats = await readSeats(tx, invitation.teamId, team);
    if (team.memberIds.length >= MAX_TEAM_MEMBERS) throw teamFull();
    checkTeamsJoined(profile);
    addMembership(tx, invitation.teamId, ctx.uid, profile, "member");
    tx.update(ref, { status: "accepted" });
    commitSeats(tx, invitation.teamId, seats);
    return { refusal: null, invitationId: ref.id, teamId: invitation.teamId, joined: true };
  });
  if (outcome.refusal) throw outcome.refusal;
  const { invitationId, teamId, joined } = outcome;
  logInfo("invitations.accepted", { invitationId, teamId, uid: ctx.uid, joined });
  return { teamId };
}

export const accept = validatedOnCall("invitations-accept", tokenInput, handleAcceptInvitation);
