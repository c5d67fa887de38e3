import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { failedPrecondition } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { transferOwnershipInput } from "../models/teams.js";
import { requireMember, requireTeamRole } from "./access.js";
import { writeOwnershipTransfer } from "./membership.js";
import { checkTeamsOwned } from "./teamLimits.js";

/** The owner hands the team to another member and stays as an admin. */
export async function handleTransferOwnership(ctx: CallContext<z.output<typeof transferOwnershipInput>>): Promise<Record<string, never>> {
  const { teamId, userId } = ctx.data;
  await runTransaction(async (tx) => {
    await requireTeamRole(tx, teamId, ctx.uid, ["owner"]);
    if (userId === ctx.uid) throw failedPrecondition("You already own this team.", { reason: "already-owner" });
    await Promise.all([requireMember(tx, teamId, userId), checkTeamsOwned(tx, userId, "them")]);
    writeOwnershipTransfer(tx, teamId, userId, ctx.uid);
  });
  logInfo("teams.ownershipTransferred", { teamId, from: ctx.uid, to: userId });
  return {};
}

export const transferOwnership = validatedOnCall("teams-transferOwnership", transferOwnershipInput, handleTransferOwnership);
