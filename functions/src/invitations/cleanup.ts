import { deleteInBatches, writeMatchesInBatches } from "../common/batches.js";
import { invitations, invitationTokens } from "../common/collections/invitations.js";
import { logInfo } from "../common/logs.js";

/** Team cleanup: deletes the team's invitations and their token hashes. */
export async function deleteTeamInvitations(teamId: string): Promise<void> {
  const deleted = await deleteInBatches(invitations().where("teamId", "==", teamId));
  await deleteInBatches(invitationTokens().where("teamId", "==", teamId));
  logInfo("invitations.teamInvitationsDeleted", { teamId, deleted });
}

/** User cleanup: the pending invitations a deleted user sent are revoked. */
export async function revokeInvitationsSentBy(uid: string): Promise<void> {
  const pending = invitations().where("invitedBy", "==", uid).where("status", "==", "pending");
  const revoked = await writeMatchesInBatches(pending, (batch, ref) => batch.update(ref, { status: "revoked" }));
  logInfo("invitations.revokedForDeletedUser", { uid, revoked });
}
