import { chatTeamCleanup } from "../chat/cleanup.js";
import { teamRef } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { removeAccountsOfTeam } from "../connections/cleanup.js";
import { logInfo } from "../common/logs.js";
import { deleteTeamInvitations } from "../invitations/cleanup.js";
import { deleteTeamFiles } from "../library/cleanup.js";

/**
 * What a domain removes outside Firestore when a team is deleted (library files, chat
 * attachments in Storage, ...). Each step must be idempotent.
 */
export type TeamCleanupStep = { name: string; run: (teamId: string) => Promise<void> };

/** Every domain's team cleanup; a domain adds its own here. */
export const TEAM_CLEANUP_STEPS: TeamCleanupStep[] = [
  { name: "invitations", run: deleteTeamInvitations },
  { name: "library", run: deleteTeamFiles },
  chatTeamCleanup,
  { name: "connections", run: removeAccountsOfTeam },
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
