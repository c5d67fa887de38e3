import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { invitations } from "../common/collections/invitations.js";
import { teamRef } from "../common/collections/teams.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { updateTeamInput } from "../models/teams.js";
import { ADMIN_ROLES, requireTeamRole } from "./access.js";

/** Renames a team (owner/admin); pending invitations show the new name too. */
export async function handleUpdateTeam(ctx: CallContext<z.output<typeof updateTeamInput>>): Promise<Record<string, never>> {
  const { teamId, name } = ctx.data;
  await runTransaction(async (tx) => {
    await requireTeamRole(tx, teamId, ctx.uid, ADMIN_ROLES);
    const pending = await tx.get(invitations().where("teamId", "==", teamId).where("status", "==", "pending"));
    tx.update(teamRef(teamId), { name });
    for (const invitation of pending.docs) tx.update(invitation.ref, { teamName: name });
  });
  logInfo("teams.renamed", { teamId, uid: ctx.uid });
  return {};
}

export const update = validatedOnCall("teams-update", updateTeamInput, handleUpdateTeam);
