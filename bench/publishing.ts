/**
 * Publishing lateness: 200 posts due in the same second, published through the emulators, the
 * publishing clock (what Cloud Tasks' schedule time does in production) and the fake platforms.
 * Lateness runs from `scheduledAt` to the moment the fake platform received the post. Also counts
 * the platform create calls per post, which must be exactly 1.
 */
import { Timestamp } from "firebase-admin/firestore";
import { startPublishingClock } from "../scripts/publishingClock.js";
import { adminDb, eventually } from "../test/helpers/admin.js";
import { tasksApp } from "../test/posts/support.js";
import { closeClients, signUp } from "../test/helpers/clients.js";
import { emulators, PROJECT_ID } from "../test/helpers/emulators.js";
import { applyFunctionsEnv } from "../test/helpers/functionsEnv.js";
import { FakePublishing } from "../test/fakes/platforms/publish.js";
import { figure, percentile } from "./stats.js";

const POSTS = 200;
/** Far enough ahead that every post is saved (and its early task deferred) before it is due. */
const LEAD_MS = 120_000;
const SAVE_GROUP = 4;

export async function run(): Promise<void> {
  applyFunctionsEnv();
  const fake = await FakePublishing.start();
  const functions = emulators.functions();
  const clock = startPublishingClock({
    app: tasksApp(),
    functionsOrigin: `http://${functions.host}:${functions.port}`,
    projectId: PROJECT_ID,
  });
  try {
    await adminDb().doc("config/emulator").set({ platformsOrigin: fake.origin }, { merge: true });
    const owner = await signUp({ name: "Bench Publisher" });
    const teamId = (await adminDb().doc(`users/${owner.uid}`).get()).get("defaultTeamId") as string;
    const accountId = "x-bench";
    await adminDb().doc(`teams/${teamId}/connectedAccounts/${accountId}`).set({
      platform: "X",
      platformAccountId: "bench",
      kind: "profile",
      displayName: "Bench",
      profileImageUrl: null,
      scopes: [],
      connectedBy: owner.uid,
      connectedAt: Timestamp.now(),
      health: "ok",
    });
    const { storeAccountTokens } = await import("../functions/src/connections/credentials.js");
    await storeAccountTokens(teamId, accountId, { accessToken: "bench-token", issuedAt: Date.now() });

    const dueAt = Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000;
    const posts = adminDb().collection(`teams/${teamId}/scheduledPosts`);
    // Saved a few at a time, as users would: the functions emulator starts one worker process per
    // concurrent trigger, and 200 simultaneous triggers would start 200 processes.
    for (let start = 0; start < POSTS; start += SAVE_GROUP) {
      await Promise.all(
        Array.from({ length: Math.min(SAVE_GROUP, POSTS - start) }, (_, k) =>
          posts.doc(`bench-${start + k}`).set({
            platform: "X",
            connectedAccountId: accountId,
            content: `Bench post ${start + k}`,
            scheduledAt: Timestamp.fromMillis(dueAt),
            timezone: "UTC",
            status: "scheduled",
            createdBy: owner.uid,
            createdAt: Timestamp.now(),
            updatedAt: Timestamp.now(),
          }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const savedBy = Date.now();
    await eventually(
      `${POSTS} posts published or failed`,
      async () => {
        const done = await posts.where("status", "in", ["published", "failed"]).count().get();
        return done.data().count >= POSTS;
      },
      LEAD_MS + 10 * 60_000,
    );
    const failed = (await posts.where("status", "==", "failed").count().get()).data().count;
    const lateness = fake.posts.map((post) => post.receivedAt.getTime() - dueAt);
    const texts = new Set(fake.posts.map((post) => post.text));
    console.log(`posts saved ${((dueAt - savedBy) / 1000).toFixed(1)} s before they were due; ${failed} failed`);
    figure(`publishing lateness, p50 of ${POSTS} due in one second`, percentile(lateness, 50), "ms");
    figure(`publishing lateness, p95 of ${POSTS}`, percentile(lateness, 95), "ms");
    figure(`publishing lateness, max of ${POSTS}`, Math.max(...lateness), "ms");
    figure("platform create calls per post", fake.creates().length / POSTS, "calls");
    figure("distinct posts received / posts", texts.size / POSTS, "");
    figure("publishing tasks the clock enqueued", clock.enqueued(), "tasks");
  } finally {
    clock.stop();
    await fake.close();
    await closeClients();
  }
}
