/**
 * `npm start` runs this next to the emulators: the fake social platforms on a fixed local port
 * (9700 + PIXA_PORT_OFFSET, or PIXA_FAKE_PLATFORMS_PORT), and `config/emulator.platformsOrigin`
 * pointing the functions at them, so "Connect" works offline with the local client ids of
 * functions/.env.local. Runs until stopped.
 */
import { initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { startFakePlatforms } from "./index.js";

const PROJECT_ID = "demo-pixasocial";

async function main(): Promise<void> {
  const port = Number(process.env.PIXA_FAKE_PLATFORMS_PORT ?? 9700 + Number(process.env.PIXA_PORT_OFFSET ?? 0));
  const fake = await startFakePlatforms(port);
  const db = getFirestore(initializeApp({ projectId: PROJECT_ID }, "fake-platforms"));
  await db.doc("config/emulator").set({ platformsOrigin: fake.origin }, { merge: true });
  console.error(
    `[pixasocial] fake social platforms at ${fake.origin} (Connect works offline: each platform's consent page has Approve / Deny)`,
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error("[pixasocial] the fake social platforms did not start:", error);
  process.exit(1);
});
