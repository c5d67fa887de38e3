// The emulators the backend needs, shared by `npm start`, `npm test` and `npm run bench`.
// "extensions" stays out on purpose: firebase.json declares the Trigger Email extension for
// `firebase deploy`, and the Extensions emulator would download its source (offline runs
// fail). Invitation mail in the emulator is the `mail` outbox itself, which the tests read.
export const EMULATORS = "auth,firestore,functions,pubsub,storage,tasks";

/**
 * `npm test`'s emulators: the same without Pub/Sub. The emulator never runs a scheduled function,
 * on its schedule or from a message on its topic (../shared/EMULATORS.md); the tests POST the
 * event to the function (test/helpers/triggers.ts `runScheduled`), which the functions emulator
 * accepts without Pub/Sub too (it then logs the function as "ignored"). Leaving it out saves each
 * emulator set a JVM: about 8 s of CPU on these 2 cores.
 */
export const TEST_EMULATORS = "auth,firestore,functions,storage,tasks";

/** Hub address for a port offset (firebase.json's hub port + PIXA_PORT_OFFSET). */
export function hubUrl(offset = Number(process.env.PIXA_PORT_OFFSET ?? 0)) {
  return `http://127.0.0.1:${4400 + offset}`;
}
