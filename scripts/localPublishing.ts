/**
 * `npm start`'s publishing loop (run with tsx by scripts/start.mjs once the emulators are up):
 * the fake platforms' publish endpoints on a fixed local port, pointed at through
 * `config/emulator.platformsOrigin`, and the publishing clock. Open the printed URL to see what
 * the fake platforms received (text, image, time).
 */
import { initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { FakePublishing } from "../test/fakes/platforms/publish.js";
import { EMULATED_TASKS_ACCOUNT } from "../functions/src/posts/queue.js";
import { startPublishingClock } from "./publishingClock.js";

const PROJECT_ID = "demo-pixasocial";

async function main(): Promise<void> {
  const port = Number(process.env.PIXA_FAKE_PLATFORMS_PORT ?? 9700 + Number(process.env.PIXA_PORT_OFFSET ?? 0));
  const functionsOrigin = process.env.PIXA_FUNCTIONS_ORIGIN;
  if (!functionsOrigin) throw new Error("PIXA_FUNCTIONS_ORIGIN is not set: run through `npm start`.");
  const fake = await FakePublishing.start(undefined, port);
  // Naming the service account spares the Admin SDK a metadata-server lookup per enqueue.
  const app = initializeApp({ projectId: PROJECT_ID, serviceAccountId: EMULATED_TASKS_ACCOUNT }, "local-publishing");
  await getFirestore(app).doc("config/emulator").set({ platformsOrigin: fake.origin }, { merge: true });
  const clock = startPublishingClock({ app, functionsOrigin, projectId: PROJECT_ID, log: (m) => console.error(`[publishing] ${m}`) });
  console.log(`[pixasocial] fake platforms: ${fake.origin}/ lists the posts they received`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      clock.stop();
      void fake.close().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error("[pixasocial] local publishing failed:", error);
  process.exit(1);
});
