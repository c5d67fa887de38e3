import { userDeletionRef, userRef } from "../common/collections/identity.js";
import { teams } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import { injectFault } from "../common/faults.js";
import { cleanName } from "../common/names.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { writeNewTeam } from "../teams/newTeam.js";

/** The part of an Auth user the profile is made from. */
export interface NewAuthUser {
  uid: string;
  email?: string | null;
  displayName?: string | null;
}

/** What ensuring a profile did: created it, found it, or refused because the account was deleted. */
export type ProfileOutcome = { status: "created"; teamId: string } | { status: "existed"; teamId: string | null } | { status: "deleted" };

/**
 * The display name of a new user: their Auth display name, else the local part of the email.
 * The client sets the Auth display name, so control, bidi and invisible characters (which the
 * rules refuse in later renames) are removed here rather than refused.
 */
export function profileName(user: NewAuthUser): string {
  const name = cleanName(user.displayName ?? "") || cleanName(user.email?.split("@")[0] ?? "") || "PixaSocial user";
  return name.slice(0, 100).trim();
}

/**
 * Creates, in one transaction, what a signed-up user needs and does not have yet: the profile,
 * and a personal team (with the owner membership and the `general` channel) unless the user
 * still owns a team. The one code path of the sign-up trigger and of `identity-ensureProfile`,
 * so a retried trigger, a repair call, or both at once end with one profile and one team.
 * A deleted account (its `userDeletions` tombstone exists) gets nothing.
 */
export async function createMissingProfile(user: NewAuthUser): Promise<ProfileOutcome> {
  await injectFault("identity.createProfile");
  const name = profileName(user);
  const email = user.email ? user.email.trim().toLowerCase() : null;
  const outcome = await runTransaction(async (tx): Promise<ProfileOutcome> => {
    // Read without the schema: a profile the user (or anything else) damaged must not make the
    // trigger throw inside its transaction; all that matters here is that it exists.
    const existing = await tx.get(userRef(user.uid).withConverter(null));
    if (existing.exists) {
      const teamId: unknown = existing.get("defaultTeamId");
      return { status: "existed", teamId: typeof teamId === "string" ? teamId : null };
    }
    const [deletion, memberOf] = await Promise.all([
      tx.get(userDeletionRef(user.uid)),
      tx.get(teams().withConverter(null).where("memberIds", "array-contains", user.uid)),
    ]);
    if (deletion.exists) return { status: "deleted" };
    // A profile deleted out from under its user: keep the teams they are still in.
    const teamIds = memberOf.docs.map((team) => team.id);
    let personalTeamId = memberOf.docs.find((team) => team.get("ownerId") === user.uid)?.id;
    if (!personalTeamId) {
      personalTeamId = teams().doc().id;
      writeNewTeam(tx, personalTeamId, { uid: user.uid, name, email }, `${name}'s workspace`);
      teamIds.unshift(personalTeamId);
    }
    const now = serverNow();
    tx.create(userRef(user.uid), {
      name,
      email,
      walletAddress: null,
      role: "free",
      teamIds,
      defaultTeamId: personalTeamId,
      activeAiProvider: null,
      createdAt: now,
      updatedAt: now,
    });
    return { status: "created", teamId: personalTeamId };
  });
  logInfo("identity.profileEnsured", { uid: user.uid, ...outcome });
  return outcome;
}
