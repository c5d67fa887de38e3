import type { QueryDocumentSnapshot } from "firebase-admin/firestore";
import type { DeletedUser } from "../common/cleanup.js";
import { memberRef, members, teamRef, teams } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import type { Member } from "../models/teams.js";
import { logError, logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { revokeInvitationsSentBy } from "../invitations/cleanup.js";
import { deleteTeam } from "./deleteTeam.js";
import { deleteMembershipLeftovers } from "./memberCleanup.js";
import { removeMembership, writeOwnershipTransfer } from "./membership.js";

/** Who inherits a team from a deleted owner: the oldest admin, else the oldest member. */
export function pickHeir(candidates: Pick<QueryDocumentSnapshot<Member>, "id" | "data">[]): string | null {
  const byAge = [...candidates].sort((a, b) => a.data().joinedAt.toMillis() - b.data().joinedAt.toMillis() || a.id.localeCompare(b.id));
  return (byAge.find((m) => m.data().role === "admin") ?? byAge[0])?.id ?? null;
}

/**
 * Takes a deleted user out of one team. An owned team passes to the heir; an owned team
 * without other members is deleted. The transaction that decides the deletion also marks the
 * team (`deletingAt`), so that an invitation accepted meanwhile is refused instead of joining
 * a team that is about to disappear; it conflicts with any accept that read the team first,
 * which then either commits before (and the new member inherits) or is retried and refused.
 * The team's tree then goes as a chunked job (deleteTeam.ts). A team already marked starts a new
 * run of that job, so a retried cleanup finishes it.
 */
async function leaveAsDeletedUser(teamId: string, uid: string): Promise<void> {
  const outcome = await runTransaction(async (tx) => {
    const team = (await tx.get(teamRef(teamId))).data();
    if (!team) return "gone" as const;
    if (team.deletingAt) return "delete" as const;
    const others = (await tx.get(members(teamId))).docs.filter((m) => m.id !== uid);
    if (team.ownerId === uid) {
      const heir = pickHeir(others);
      if (!heir) {
        // The last membership document goes with the mark, so the rules refuse the deleted user
        // at once (an ID token outlives its account by up to an hour). `memberIds` keeps them:
        // a change there would start the library's token rotation in a team that is going.
        tx.delete(memberRef(teamId, uid));
        tx.update(teamRef(teamId), { deletingAt: serverNow() });
        return "delete" as const;
      }
      writeOwnershipTransfer(tx, teamId, heir, null);
    }
    removeMembership(tx, teamId, uid, undefined);
    return "left" as const;
  });
  if (outcome === "delete") await deleteTeam(teamId);
  else if (outcome === "left") await deleteMembershipLeftovers(teamId, uid);
  logInfo("teams.deletedUserLeft", { teamId, uid, outcome });
}

/**
 * User cleanup step: removes a deleted user from every team (those of the profile when the
 * deletion started and those whose `memberIds` still hold them) and revokes the invitations
 * they sent that are still pending. A team that fails does not stop the others; the step then
 * fails as a whole and is retried.
 */
export async function removeUserFromTeams({ uid, teamIds: profileTeamIds }: DeletedUser): Promise<void> {
  const memberOf = await teams().where("memberIds", "array-contains", uid).get();
  const teamIds = new Set([...profileTeamIds, ...memberOf.docs.map((team) => team.id)]);
  const failures: unknown[] = [];
  for (const teamId of teamIds) {
    try {
      await leaveAsDeletedUser(teamId, uid);
    } catch (error) {
      logError("teams.deletedUserLeaveFailed", error, { teamId, uid });
      failures.push(error);
    }
  }
  await revokeInvitationsSentBy(uid);
  if (failures.length) throw new AggregateError(failures, `${failures.length} of ${teamIds.size} teams kept the deleted user`);
}
