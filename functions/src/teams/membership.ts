import { FieldValue, type Transaction } from "firebase-admin/firestore";
import { userRef } from "../common/collections/identity.js";
import { memberRef, teamRef } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import type { UserProfile } from "../models/identity.js";
import type { TeamRole } from "../models/teams.js";

/**
 * Membership changes keep three places in step, always in one transaction:
 * `teams/{teamId}/members/{uid}`, `teams/{teamId}.memberIds` and `users/{uid}.teamIds`
 * (with `defaultTeamId`). Callers read the user's profile first (reads precede writes).
 */

/** Adds `uid` to the team with `role`; the profile's first team becomes its default. */
export function addMembership(tx: Transaction, teamId: string, uid: string, profile: UserProfile, role: TeamRole): void {
  const now = serverNow();
  tx.set(memberRef(teamId, uid), { role, name: profile.name, email: profile.email, joinedAt: now });
  tx.update(teamRef(teamId), { memberIds: FieldValue.arrayUnion(uid) });
  tx.update(userRef(uid), {
    teamIds: FieldValue.arrayUnion(teamId),
    defaultTeamId: profile.defaultTeamId ?? teamId,
    updatedAt: now,
  });
}

/** The profile fields that change when the user leaves `teamId`. */
export function teamsAfterLeaving(profile: Pick<UserProfile, "teamIds" | "defaultTeamId">, teamId: string) {
  const teamIds = profile.teamIds.filter((id) => id !== teamId);
  const defaultTeamId = profile.defaultTeamId === teamId || !profile.defaultTeamId ? (teamIds[0] ?? null) : profile.defaultTeamId;
  return { teamIds, defaultTeamId };
}

/**
 * Removes `uid` from the team. `profile` is undefined when the user has no profile (any
 * more); then only the team side changes.
 */
export function removeMembership(tx: Transaction, teamId: string, uid: string, profile: UserProfile | undefined): void {
  tx.delete(memberRef(teamId, uid));
  tx.update(teamRef(teamId), { memberIds: FieldValue.arrayRemove(uid) });
  if (profile) tx.update(userRef(uid), { ...teamsAfterLeaving(profile, teamId), updatedAt: serverNow() });
}

/**
 * Writes an ownership change in `tx`: `newOwnerId` becomes owner; the previous owner, when
 * `previousOwnerId` stays in the team, becomes an admin.
 */
export function writeOwnershipTransfer(tx: Transaction, teamId: string, newOwnerId: string, previousOwnerId: string | null): void {
  tx.update(teamRef(teamId), { ownerId: newOwnerId });
  tx.update(memberRef(teamId, newOwnerId), { role: "owner" });
  if (previousOwnerId) tx.update(memberRef(teamId, previousOwnerId), { role: "admin" });
}
