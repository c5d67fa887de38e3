import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { z } from "zod";
import { chatUserCleanup } from "../chat/cleanup.js";
import type { DeletedUser, UserCleanupStep } from "../common/cleanup.js";
import { userDeletionRef, userRef } from "../common/collections/identity.js";
import { serverNow } from "../common/collections/typed.js";
import { injectFault } from "../common/faults.js";
import { db } from "../common/firebase.js";
import { removeAccountsOfUser } from "../connections/cleanup.js";
import { logError, logInfo, logWarn } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { deleteUserSecrets } from "../crypto/secretStore.js";
import { deleteUserFiles } from "../library/cleanup.js";
import { removeUserFromTeams } from "../teams/userCleanup.js";

/** The profile tree itself (`users/{uid}` with aiConfigs, usage, ...): the last step. */
const profileCleanup: UserCleanupStep = {
  name: "profile",
  run: async ({ uid }) => {
    await db().recursiveDelete(userRef(uid));
  },
};

/**
 * The cleanup steps of every domain, each registered by name; a domain adds its own here. They
 * run in this order but each on its own: a failing step is recorded as pending and retried,
 * while the steps after it still run.
 */
export const USER_CLEANUP_STEPS: readonly UserCleanupStep[] = [
  chatUserCleanup,
  { name: "crypto.secrets", run: ({ uid }) => deleteUserSecrets(uid) },
  { name: "connections", run: ({ uid }) => removeAccountsOfUser(uid) },
  { name: "teams", run: removeUserFromTeams },
  { name: "library", run: ({ uid }) => deleteUserFiles(uid) },
  profileCleanup,
];

/** How long a finished deletion's tombstone is kept (Firestore TTL on `expiresAt`). */
const TOMBSTONE_RETENTION_MS = 30 * 24 * 60 * 60_000;
/** When the reconciler may retry failed steps: the trigger's own retries come first. */
const RETRY_DELAY_MS = 60 * 60_000;

/** What a run of the pending steps left to do. */
export interface CleanupOutcome {
  uid: string;
  /** Steps that still have to run (empty: the deletion is complete). */
  pending: string[];
}

const teamIdsField = z.array(z.string()).catch([]);

/**
 * Records the deletion of `uid` (once): the teams of the profile, read before any step can
 * remove them, and every step as pending. Later calls return the recorded deletion, except
 * that a finished deletion whose profile exists again (a ghost the reconciler found) starts
 * over with every step.
 */
export async function recordUserDeletion(uid: string): Promise<DeletedUser & { pendingSteps: string[] }> {
  return runTransaction(async (tx) => {
    const deletionRef = userDeletionRef(uid);
    // Read untyped and tolerantly: whatever is stored in the profile must not stop a deletion.
    const [recordedSnap, profile] = await Promise.all([tx.get(deletionRef), tx.get(userRef(uid).withConverter(null))]);
    const recorded = recordedSnap.data();
    if (recorded && (recorded.pendingSteps.length || !profile.exists)) {
      return { uid, teamIds: recorded.teamIds, pendingSteps: recorded.pendingSteps };
    }
    const teamIds = [...new Set([...(recorded?.teamIds ?? []), ...teamIdsField.parse(profile.get("teamIds"))])];
    const pendingSteps = USER_CLEANUP_STEPS.map((step) => step.name);
    const now = serverNow();
    tx.set(deletionRef, {
      teamIds,
      pendingSteps,
      attempts: recorded?.attempts ?? 0,
      retryAt: Timestamp.fromMillis(Date.now() + RETRY_DELAY_MS),
      createdAt: recorded?.createdAt ?? now,
      updatedAt: now,
    });
    return { uid, teamIds, pendingSteps };
  });
}

/**
 * Runs the recorded pending steps of a deletion, each on its own (a failure is logged and the
 * next step still runs), then records which steps are still pending. Idempotent, and safe to
 * run concurrently with another run for the same user (every step is).
 */
export async function runPendingCleanup(user: DeletedUser, pendingSteps: readonly string[]): Promise<CleanupOutcome> {
  const done: string[] = [];
  let lastError: { step: string; message: string } | undefined;
  for (const step of USER_CLEANUP_STEPS.filter((s) => pendingSteps.includes(s.name))) {
    try {
      await injectFault(`identity.cleanup.${step.name}`);
      await step.run(user);
      done.push(step.name);
    } catch (error) {
      logError("identity.cleanupStepFailed", error, { uid: user.uid, step: step.name });
      lastError = { step: step.name, message: error instanceof Error ? error.message.slice(0, 500) : "unknown error" };
    }
  }
  const pending = await runTransaction(async (tx) => {
    const ref = userDeletionRef(user.uid);
    const recorded = (await tx.get(ref)).data();
    if (!recorded) return [];
    // Names no longer registered cannot run: they are dropped rather than retried forever.
    const registered = new Set(USER_CLEANUP_STEPS.map((s) => s.name));
    const left = recorded.pendingSteps.filter((name) => registered.has(name) && !done.includes(name));
    const now = Date.now();
    tx.update(ref, {
      pendingSteps: left,
      attempts: FieldValue.increment(1),
      updatedAt: serverNow(),
      ...(left.length
        ? { retryAt: Timestamp.fromMillis(now + RETRY_DELAY_MS), ...(lastError && { lastError }) }
        : { retryAt: FieldValue.delete(), completedAt: serverNow(), expiresAt: Timestamp.fromMillis(now + TOMBSTONE_RETENTION_MS) }),
    });
    return left;
  });
  if (pending.length) logWarn("identity.userCleanupPending", { uid: user.uid, pending });
  else logInfo("identity.userDataDeleted", { uid: user.uid });
  return { uid: user.uid, pending };
}

/**
 * Removes everything the backend keeps for `uid`: records the deletion, then runs every step
 * still pending. A step that fails stays recorded for the trigger's retry and the reconciler.
 */
export async function deleteUserData(uid: string): Promise<CleanupOutcome> {
  const { pendingSteps, ...user } = await recordUserDeletion(uid);
  return runPendingCleanup(user, pendingSteps);
}
