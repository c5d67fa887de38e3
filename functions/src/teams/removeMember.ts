import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { userRef } from "../common/collections/identity.js";
import { permissionDenied } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { removeMemberInput } from "../models/teams.js";
import { ADMIN_ROLES, requireMember, requireTeamRole } from "./access.js";
import { readPendingInvitationsFrom, revokeInvitations } from "./inviterInvitations.js";
import { queueMemberCleanup, runMemberCleanup } from "./memberCleanup.js";
import { removeMembership } from "./membership.js";

/**
 * Removes a member (owner/admin). Nobody removes the owner; an admin removes only plain
 * members (leaving is `teams-leave`). The invitations the member sent that are still pending
 * are revoked in the same transaction, which also records the member cleanup their removal owes
 * (their connected accounts in the team go with them): run here at once, and retried elsewhere
 * if it fails (memberCleanup.ts), so the caller learns that the removal is done either way.
 */
export async function handleRemoveMember(ctx: CallContext<z.output<typeof removeMemberInput>>): Promise<Record<string, never>> {
  const { teamId, userId } = ctx.data;
  const cleanupId = await runTransaction(async (tx) => {
    const { member: caller } = await requireTeamRole(tx, teamId, ctx.uid, ADMIN_ROLES);
    const [target, profileSnap, sent] = await Promise.all([
      requireMember(tx, teamId, userId),
      tx.get(userRef(userId)),
      readPendingInvitationsFrom(tx, teamId, userId),
    ]);
    if (target.role === "owner") throw permissionDenied("The team owner cannot be removed; ownership must be transferred first.");
    if (caller.role === "admin" && target.role === "admin") throw permissionDenied("An admin cannot remove another admin.");
    removeMembership(tx, teamId, userId, profileSnap.data());
    revokeInvitations(tx, sent);
    return queueMemberCleanup(tx, teamId, userId);
  });
  // Its outcome does not change the answer: a cleanup still owed is retried from its marker.
  await runMemberCleanup(cleanupId);
  logInfo("teams.memberRemoved", { teamId, uid: userId, by: ctx.uid });
  return {};
}

export const removeMember = validatedOnCall("teams-removeMember", removeMemberInput, handleRemoveMember);
