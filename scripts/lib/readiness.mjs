// The readiness probe of `npm start` (and of the seed script): the emulators answering is not
// enough, since right after "All emulators ready" the functions emulator may not have
// registered the Auth triggers yet and drops sign-up events. Ready means: a probe user signed
// up through the Auth emulator (as the JS SDK does) got its profile from the sign-up trigger.
// The probe user is then deleted again.
import { randomUUID } from "node:crypto";

const ADMIN = { authorization: "Bearer owner", "content-type": "application/json" };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(url, init, what) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${what} failed: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Resolves once a sign-up gets its profile; throws after `timeoutMs`. Each probe user waits
 * `attemptMs` for its profile; one that gets none is deleted and a new one signs up.
 * @param {{ authHost: string, firestoreHost: string, projectId: string, timeoutMs?: number, attemptMs?: number, log?: (message: string) => void }} options
 * @returns {Promise<{ attempts: number, elapsedMs: number }>}
 */
export async function waitForSignUps({ authHost, firestoreHost, projectId, timeoutMs = 180_000, attemptMs = 15_000, log = () => {} }) {
  const started = Date.now();
  const auth = `http://${authHost}/identitytoolkit.googleapis.com/v1`;
  const profileUrl = (uid) => `http://${firestoreHost}/v1/projects/${projectId}/databases/(default)/documents/users/${uid}`;
  const hasProfile = async (uid) => (await fetch(profileUrl(uid), { headers: ADMIN })).status === 200;
  const deleteUser = (uid) =>
    call(
      `${auth}/projects/${projectId}/accounts:delete`,
      { method: "POST", headers: ADMIN, body: JSON.stringify({ localId: uid }) },
      "Deleting the probe user",
    );

  for (let attempt = 1; Date.now() - started < timeoutMs; attempt++) {
    const email = `readiness-probe-${randomUUID()}@probe.pixasocial.test`;
    const { localId: uid } = await call(
      `${auth}/accounts:signUp?key=probe`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: randomUUID(), returnSecureToken: true }),
      },
      "Probe sign-up",
    );
    const deadline = Date.now() + attemptMs;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      ready = await hasProfile(uid);
      if (!ready) await sleep(200);
    }
    await deleteUser(uid);
    if (ready) {
      // Its account deletion runs through the delete trigger; leave no probe profile behind.
      const gone = Date.now() + attemptMs;
      while ((await hasProfile(uid)) && Date.now() < gone) await sleep(200);
      return { attempts: attempt, elapsedMs: Date.now() - started };
    }
    log(`sign-up probe ${attempt} got no profile within ${attemptMs} ms; trying again`);
  }
  throw new Error(`Sign-ups did not get a profile within ${timeoutMs} ms: the sign-up trigger is not running.`);
}
