import { memberRef } from "../common/collections/teams.js";
import { permissionDenied } from "../common/errors.js";

/** Throws permission-denied unless `uid` is a member of the team. */
export async function requireTeamMember(teamId: string, uid: string): Promise<void> {
  const member = await memberRef(teamId, uid).withConverter(null).get();
  if (!member.exists) throw permissionDenied("You are not a member of this team.");
}
