import { chatTeamCleanup } from "../chat/cleanup.js";
import type { TeamCleanupStep } from "../common/cleanup.js";
import { teamRef } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { deleteTeamInvitations } from "../invitations/cleanup.js";
import { deleteTeamFiles } from "../library/cleanup.js";

/** Every domain's team cleanup; a domain adds its own here. */
export const TEAM_CLEANUP_STEPS: TeamCleanupStep[] = [
  { name: "invitations", run: deleteTeamInvitations },
  { name: "library", run: deleteTeamFiles },
  chatTeamCleanup,
];

/**
 * Deletes a team: each domain's outside data first, then the team document with every
 * subcollection (members, campaign data, library records, chat).
 */
export async function deleteTeam(teamId: string): Promise<void> {
  for (const step of TEAM_CLEANUP_STEPS) await step.run(teamId);
  await db().recursiveDelete(teamRef(teamId));
  logInfo("teams.deleted", { teamId, steps: TEAM_CLEANUP_STEPS.map((s) => s.name) });
}
