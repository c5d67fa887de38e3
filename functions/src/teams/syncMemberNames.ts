import { onDocumentUpdated, type FirestoreEvent, type Change, type QueryDocumentSnapshot } from "firebase-functions/v2/firestore";
import { memberRef } from "../common/collections/teams.js";
import { userSchema } from "../models/identity.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";

/**
 * Keeps the `name` of a user's memberships equal to their profile name, which the user edits
 * directly. Memberships of teams the user has left are not recreated.
 */
export async function handleProfileUpdated(uid: string, before: unknown, after: unknown): Promise<void> {
  const previous = userSchema.pick({ name: true }).safeParse(before);
  const current = userSchema.pick({ name: true, teamIds: true }).safeParse(after);
  if (!current.success || (previous.success && previous.data.name === current.data.name)) return;
  const { name, teamIds } = current.data;
  await Promise.all(
    teamIds.map((teamId) =>
      runTransaction(async (tx) => {
        const ref = memberRef(teamId, uid);
        if ((await tx.get(ref)).exists) tx.update(ref, { name });
      }),
    ),
  );
  logInfo("teams.memberNamesSynced", { uid, teams: teamIds.length });
}

export const syncMemberNames = onDocumentUpdated(
  "users/{uid}",
  (event: FirestoreEvent<Change<QueryDocumentSnapshot> | undefined, { uid: string }>) =>
    handleProfileUpdated(event.params.uid, event.data?.before.data(), event.data?.after.data()),
);
