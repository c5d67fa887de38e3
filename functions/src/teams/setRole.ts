import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { memberRef } from "../common/collections/teams.js";
import { failedPrecondition } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { setRoleInput } from "../models/teams.js";
import { requireMember, requireTeamRole } from "./access.js";
import { readPendingInvitationsFrom, revokeInvitations } from "./inviterInvitations.js";

/**
 * Makes a member an admin or an admin a member (owner only). A member cannot invite, so the
 * invitations a demoted admin sent that are still pending are revoked with the demotion.
 */
export async function handleSetRole(ctx: CallContext<z.output<typeof setRoleInput>>): Promise<Record<string, never>> {
  const { teamId, userId, role } = ctx.data;
  await runTransaction(async (tx) => {
    await requireTeamRole(tx, teamId, ctx.uid, ["owner"]);
    const [target, sent] = await Promise.all([
      requireMember(tx, teamId, userId),
      role === "member" ? readPendingInvitationsFrom(tx, teamId, userId) : Promise.resolve([]),
    ]);
    if (target.role === "owner") {
      throw failedPrecondition("The owner's role cannot change; transfer ownership with teams-transferOwnership.", {
        reason: "owner-role",
      });
    }
    tx.update(memberRef(teamId, userId), { role });
    revokeInvitations(tx, sent);
  });
  logInfo("teams.roleSet", { teamId, uid: userId, role, by: ctx.uid });
  return {};
}

export const setRole = validatedOnCall("teams-setRole", setRoleInput, handleSetRole);
