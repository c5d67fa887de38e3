import type { Transaction } from "firebase-admin/firestore";
import { memberRef, teamRef } from "../common/collections/teams.js";
import type { Member, Team, TeamRole } from "../models/teams.js";
import { failedPrecondition, notFound, permissionDenied } from "../common/errors.js";

/** A team and the caller's membership, as read inside a transaction. */
export interface TeamAccess {
  team: Team;
  member: Member;
}

/** The refusal for a team that is gone or being deleted (`Team.deletingAt`). */
export function teamDeleted() {
  return failedPrecondition("This team no longer exists.", { reason: "team-deleted" });
}

/**
 * Reads the team and the caller's membership in `tx` and checks that the caller holds one of
 * `roles`. Throws not-found for a missing team, failed-precondition (`team-deleted`) for a
 * team being deleted, and permission-denied otherwise.
 */
export async function requireTeamRole(tx: Transaction, teamId: string, uid: string, roles: readonly TeamRole[]): Promise<TeamAccess> {
  const [teamSnap, memberSnap] = await Promise.all([tx.get(teamRef(teamId)), tx.get(memberRef(teamId, uid))]);
  const team = teamSnap.data();
  if (!team) throw notFound("Team");
  if (team.deletingAt) throw teamDeleted();
  const member = memberSnap.data();
  if (!member) throw permissionDenied("You are not a member of this team.");
  if (!roles.includes(member.role)) {
    throw permissionDenied(`Only a team ${roles.join(" or ")} can do this.`);
  }
  return { team, member };
}

/** Reads another member of the team; not-found when `uid` is not a member. */
export async function requireMember(tx: Transaction, teamId: string, uid: string): Promise<Member> {
  const member = (await tx.get(memberRef(teamId, uid))).data();
  if (!member) throw notFound("Team member");
  return member;
}

export const ADMIN_ROLES = ["owner", "admin"] as const satisfies readonly TeamRole[];
export const ANY_ROLE = ["owner", "admin", "member"] as const satisfies readonly TeamRole[];
