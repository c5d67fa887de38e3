// The emulators the backend needs, shared by `npm start`, `npm test` and `npm run bench`.
export const EMULATORS = "auth,firestore,functions,pubsub,storage,tasks";

/** Hub address for a port offset (firebase.json's hub port + PIXA_PORT_OFFSET). */
export function hubUrl(offset = Number(process.env.PIXA_PORT_OFFSET ?? 0)) {
  return `http://127.0.0.1:${4400 + offset}`;
}
