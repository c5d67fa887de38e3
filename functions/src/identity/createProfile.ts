import { serverNow, teams, userRef } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { writeNewTeam } from "../teams/newTeam.js";

/** The part of an Auth user the profile is made from. */
export interface NewAuthUser {
  uid: string;
  email?: string | null;
  displayName?: string | null;
}

/** The display name of a new user: their Auth display name, else the local part of the email. */
export function profileName(user: NewAuthUser): string {
  const name = user.displayName?.trim() || user.email?.split("@")[0]?.trim() || "PixaSocial user";
  return name.slice(0, 100);
}

/**
 * Creates, in one transaction, the user's profile, a personal team with the user as owner,
 * the owner membership and the team's `general` channel. Idempotent: a retried trigger for a
 * user who already has a profile changes nothing.
 * @returns the id of the personal team (new or existing).
 */
export async function createProfile(user: NewAuthUser): Promise<string> {
  const name = profileName(user);
  const email = user.email ? user.email.trim().toLowerCase() : null;
  const teamId = await db().runTransaction(async (tx) => {
    const existing = await tx.get(userRef(user.uid));
    if (existing.exists) return existing.data()?.defaultTeamId ?? "";
    const team = teams().doc();
    const now = serverNow();
    tx.set(userRef(user.uid), {
      name,
      email,
      walletAddress: null,
      role: "free",
      teamIds: [team.id],
      defaultTeamId: team.id,
      activeAiProvider: null,
      createdAt: now,
      updatedAt: now,
    });
    writeNewTeam(tx, team.id, { uid: user.uid, name, email }, `${name}'s workspace`);
    return team.id;
  });
  logInfo("identity.profileCreated", { uid: user.uid, teamId });
  return teamId;
}
