/**
 * `npm start`'s fake platforms and publishing loop (run with tsx by scripts/start.mjs once the
 * emulators are up): the fake social platforms (test/fakes/platforms: OAuth for "Connect", plus
 * the publish endpoints of publish.ts) on a fixed local port (9700 + PIXA_PORT_OFFSET, or
 * PIXA_FAKE_PLATFORMS_PORT), `config/emulator.platformsOrigin` pointing the functions at them,
 * and the publishing clock. `/publish` on that port lists what the platforms received.
 */
import { initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { EMULATED_TASKS_ACCOUNT } from "../functions/src/common/tasks.js";
import { startFakePlatforms } from "../test/fakes/platforms/index.js";
import { FakePublishing } from "../test/fakes/platforms/publish.js";
import { startPublishingClock } from "./publishingClock.js";

const PROJECT_ID = "demo-pixasocial";

async function main(): Promise<void> {
  const port = Number(process.env.PIXA_FAKE_PLATFORMS_PORT ?? 9700 + Number(process.env.PIXA_PORT_OFFSET ?? 0));
  const functionsOrigin = process.env.PIXA_FUNCTIONS_ORIGIN;
  if (!functionsOrigin) throw new Error("PIXA_FUNCTIONS_ORIGIN is not set: run through `npm start`.");
  const fake = await startFakePlatforms(port);
  const publishing = new FakePublishing();
  publishing.origin = fake.origin;
  fake.use((req, res) => publishing.handle(req, res));
  // Naming the service account spares the Admin SDK a metadata-server lookup per enqueue.
  const app = initializeApp({ projectId: PROJECT_ID, serviceAccountId: EMULATED_TASKS_ACCOUNT }, "local-publishing");
  await getFirestore(app).doc("config/emulator").set({ platformsOrigin: fake.origin }, { merge: true });
  const clock = startPublishingClock({ app, functionsOrigin, projectId: PROJECT_ID, log: (m) => console.error(`[publishing] ${m}`) });
  console.error(
    `[pixasocial] fake social platforms at ${fake.origin} (Connect: a consent page with Approve / Deny; ${fake.origin}/publish lists the posts they received)`,
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      clock.stop();
      void fake.close().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error("[pixasocial] the fake platforms or the publishing clock did not start:", error);
  process.exit(1);
});
