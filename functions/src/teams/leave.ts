import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { userRef } from "../common/collections/identity.js";
import { failedPrecondition } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { leaveInput } from "../models/teams.js";
import { ANY_ROLE, requireTeamRole } from "./access.js";
import { readPendingInvitationsFrom, revokeInvitations } from "./inviterInvitations.js";
import { queueMemberCleanup, runMemberCleanup } from "./memberCleanup.js";
import { removeMembership } from "./membership.js";

/**
 * The caller leaves a team (revoking the invitations they sent, and recording the member cleanup
 * their leaving owes, in one transaction; memberCleanup.ts); the owner must transfer ownership first.
 */
export async function handleLeave(ctx: CallContext<z.output<typeof leaveInput>>): Promise<Record<string, never>> {
  const { teamId } = ctx.data;
  const cleanupId = await runTransaction(async (tx) => {
    const [{ member }, profileSnap, sent] = await Promise.all([
      requireTeamRole(tx, teamId, ctx.uid, ANY_ROLE),
      tx.get(userRef(ctx.uid)),
      readPendingInvitationsFrom(tx, teamId, ctx.uid),
    ]);
    if (member.role === "owner") {
      throw failedPrecondition("The owner cannot leave the team; transfer ownership first.", { reason: "owner-must-transfer" });
    }
    removeMembership(tx, teamId, ctx.uid, profileSnap.data());
    revokeInvitations(tx, sent);
    return queueMemberCleanup(tx, teamId, ctx.uid);
  });
  // Its outcome does not change the answer: a cleanup still owed is retried from its marker.
  await runMemberCleanup(cleanupId);
  logInfo("teams.left", { teamId, uid: ctx.uid });
  return {};
}

export const leave = validatedOnCall("teams-leave", leaveInput, handleLeave);
