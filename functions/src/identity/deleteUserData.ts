import { chatUserCleanup } from "../chat/cleanup.js";
import { userRef } from "../common/collections.js";
import { db } from "../common/firebase.js";
import { removeAccountsOfUser } from "../connections/cleanup.js";
import { logInfo } from "../common/logs.js";
import { deleteUserSecrets } from "../crypto/secretStore.js";
import { deleteUserFiles } from "../library/cleanup.js";
import { removeUserFromTeams } from "../teams/userCleanup.js";

/**
 * A step that removes what one domain keeps for a deleted user (team memberships, connected
 * accounts, keys, ...). Steps run in order before the profile itself is deleted; each must be
 * idempotent, since the delete trigger may run more than once.
 */
export type UserCleanupStep = { name: string; run: (uid: string) => Promise<void> };

/** The cleanup steps of every domain; a domain adds its own here. */
export const USER_CLEANUP_STEPS: UserCleanupStep[] = [
  // Reads the profile's teamIds: keep it before any step that removes team memberships.
  chatUserCleanup,
  { name: "crypto.secrets", run: deleteUserSecrets },
  { name: "connections", run: removeAccountsOfUser },
  { name: "teams", run: removeUserFromTeams },
  { name: "library", run: deleteUserFiles },
];

/** Removes everything the backend keeps for `uid`: each domain's data, then the profile tree. */
export async function deleteUserData(uid: string): Promise<void> {
  for (const step of USER_CLEANUP_STEPS) {
    await step.run(uid);
  }
  await db().recursiveDelete(userRef(uid));
  logInfo("identity.userDataDeleted", { uid, steps: USER_CLEANUP_STEPS.map((s) => s.name) });
}
