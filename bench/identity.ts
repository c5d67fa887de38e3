/**
 * The user reconciler over 10,000 profiles: 9,900 with an Auth user and 100 ghosts (profiles
 * whose Auth user is gone), run once through the functions emulator as the daily schedule
 * would, then again with nothing left to repair.
 */
import { FieldValue } from "firebase-admin/firestore";
import { performance } from "node:perf_hooks";
import { adminAuth, adminDb } from "../test/helpers/admin.js";
import { clearEmulatorData } from "../test/helpers/emulators.js";
import { runScheduled } from "../test/helpers/triggers.js";
import { figure } from "./stats.js";

const PROFILES = 10_000;
const GHOSTS = 100;
const AUTH_IMPORT_BATCH = 1_000;

const uidOf = (i: number) => `bench-user-${String(i).padStart(5, "0")}`;

async function seedUsers(): Promise<void> {
  const withAuth = Array.from({ length: PROFILES - GHOSTS }, (_, i) => uidOf(i));
  for (let start = 0; start < withAuth.length; start += AUTH_IMPORT_BATCH) {
    // importUsers does not fire the sign-up trigger: the profiles are written below.
    const result = await adminAuth().importUsers(
      withAuth.slice(start, start + AUTH_IMPORT_BATCH).map((uid) => ({ uid, email: `${uid}@bench.test` })),
    );
    if (result.failureCount) throw new Error(`Auth import failed for ${result.failureCount} users`);
  }
  const writer = adminDb().bulkWriter();
  for (let i = 0; i < PROFILES; i++) {
    const uid = uidOf(i);
    writer.set(adminDb().doc(`users/${uid}`), {
      name: uid,
      email: `${uid}@bench.test`,
      walletAddress: null,
      role: "free",
      teamIds: [],
      defaultTeamId: null,
      activeAiProvider: null,
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    });
  }
  await writer.close();
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function run(): Promise<void> {
  await clearEmulatorData();
  await seedUsers();
  const firstRun = await timed(() => runScheduled("identity-reconcileUsers"));
  const remaining = (await adminDb().collection("users").count().get()).data().count;
  if (remaining !== PROFILES - GHOSTS) throw new Error(`Expected ${PROFILES - GHOSTS} profiles after the run, found ${remaining}`);
  const secondRun = await timed(() => runScheduled("identity-reconcileUsers"));
  figure(`reconciler, ${PROFILES} profiles incl. ${GHOSTS} ghosts deleted (one run)`, firstRun, "ms");
  figure(`reconciler, ${PROFILES - GHOSTS} profiles, nothing to repair (one run)`, secondRun, "ms");
  figure(`reconciler, per 1,000 profiles checked (nothing to repair)`, (secondRun / (PROFILES - GHOSTS)) * 1000, "ms");
  await clearEmulatorData();
}
