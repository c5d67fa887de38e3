import type { TeamCleanupStep } from "../common/cleanup.js";
import { serverNow, teamRef, userRef, users } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { removeAccountsOfTeam } from "../connections/cleanup.js";
import { logInfo } from "../common/logs.js";
import { deleteTeamInvitations } from "../invitations/cleanup.js";
import { deleteTeamFiles } from "../library/cleanup.js";
import { teamsAfterLeaving } from "./membership.js";

/** Every domain's team cleanup; a domain adds its own here. */
export const TEAM_CLEANUP_STEPS: TeamCleanupStep[] = [
  { name: "invitations", run: deleteTeamInvitations },
  { name: "library", run: deleteTeamFiles },
  { name: "connections", run: removeAccountsOfTeam },
];

/**
 * Removes `teamId` from every profile that still lists it, so that the teams a profile lists
 * always exist (the team is gone by now, so nobody can join it again meanwhile).
 */
async function dropFromProfiles(teamId: string): Promise<number> {
  const listing = await users().where("teamIds", "array-contains", teamId).get();
  for (const { id: uid } of listing.docs) {
    await db().runTransaction(async (tx) => {
      const profile = (await tx.get(userRef(uid))).data();
      if (profile?.teamIds.includes(teamId)) tx.update(userRef(uid), { ...teamsAfterLeaving(profile, teamId), updatedAt: serverNow() });
    });
  }
  return listing.size;
}

/**
 * Deletes a team: each domain's outside data first, then the team document with every
 * subcollection (members, campaign data, library records, chat), then the team's id from
 * any profile that still lists it.
 */
export async function deleteTeam(teamId: string): Promise<void> {
  for (const step of TEAM_CLEANUP_STEPS) await step.run(teamId);
  await db().recursiveDelete(teamRef(teamId));
  const profilesFixed = await dropFromProfiles(teamId);
  logInfo("teams.deleted", { teamId, steps: TEAM_CLEANUP_STEPS.map((s) => s.name), profilesFixed });
}
