import { FieldValue } from "firebase-admin/firestore";
import { type z } from "zod";
import { requireActiveAccount } from "../common/activeAccount.js";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { userRef } from "../common/collections/identity.js";
import { teams } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import { failedPrecondition } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { createTeamInput, type CreateTeamResponse } from "../models/teams.js";
import { writeNewTeam } from "./newTeam.js";
import { checkTeamsJoined, checkTeamsOwned } from "./teamLimits.js";

/**
 * Creates a team owned by the caller, with its `general` channel, within the caller's team limits.
 * An account being deleted gets `account-deleted` (its deletion would not see the new team).
 */
export async function handleCreateTeam(ctx: CallContext<z.output<typeof createTeamInput>>): Promise<CreateTeamResponse> {
  const teamId = teams().doc().id;
  await runTransaction(async (tx) => {
    const [profileSnap] = await Promise.all([tx.get(userRef(ctx.uid)), checkTeamsOwned(tx, ctx.uid), requireActiveAccount(tx, ctx.uid)]);
    const profile = profileSnap.data();
    if (!profile) throw failedPrecondition("Your profile is not ready yet; try again in a moment.");
    checkTeamsJoined(profile);
    writeNewTeam(tx, teamId, { uid: ctx.uid, name: profile.name, email: profile.email }, ctx.data.name);
    tx.update(userRef(ctx.uid), {
      teamIds: FieldValue.arrayUnion(teamId),
      defaultTeamId: profile.defaultTeamId ?? teamId,
      updatedAt: serverNow(),
    });
  });
  logInfo("teams.created", { teamId, uid: ctx.uid });
  return { teamId };
}

export const create = validatedOnCall("teams-create", createTeamInput, handleCreateTeam);
