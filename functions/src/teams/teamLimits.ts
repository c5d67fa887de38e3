import type { Transaction } from "firebase-admin/firestore";
import { teams } from "../common/collections/teams.js";
import type { UserProfile } from "../models/identity.js";
import { failedPrecondition } from "../common/errors.js";
import { maxOwnedTeamsPerUser, maxTeamsPerUser } from "../common/params.js";

/**
 * Refuses when the user already belongs to the maximum number of teams: every team grows the
 * profile's `teamIds` and every profile rename rewrites one membership per team.
 */
export function checkTeamsJoined(profile: Pick<UserProfile, "teamIds">, who: "you" | "them" = "you"): void {
  const limit = maxTeamsPerUser.value();
  if (profile.teamIds.length < limit) return;
  const subject = who === "you" ? "You already belong" : "They already belong";
  throw failedPrecondition(`${subject} to ${limit} teams, the most one account may be in.`, { reason: "team-limit", limit });
}

/** Refuses, inside `tx`, when `uid` already owns the maximum number of teams. */
export async function checkTeamsOwned(tx: Transaction, uid: string, who: "you" | "them" = "you"): Promise<void> {
  const limit = maxOwnedTeamsPerUser.value();
  const owned = await tx.get(teams().where("ownerId", "==", uid).limit(limit));
  if (owned.size < limit) return;
  const subject = who === "you" ? "You already own" : "They already own";
  throw failedPrecondition(`${subject} ${limit} teams, the most one account may own.`, { reason: "owned-team-limit", limit });
}
