/**
 * Firebase JS SDK clients, one app per signed-in user, connected to the emulators: the same
 * SDK the frontend uses.
 */
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import {
  applyActionCode,
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  getAuth,
  sendEmailVerification,
  signInWithEmailAndPassword,
  updateProfile,
  type Auth,
  type User,
} from "firebase/auth";
import { connectFirestoreEmulator, getDoc, getFirestore, type DocumentReference, type Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, httpsCallable, type Functions } from "firebase/functions";
import { connectStorageEmulator, getStorage, type FirebaseStorage } from "firebase/storage";
import { adminDb, eventually } from "./admin.js";
import { emulators, PROJECT_ID } from "./emulators.js";

export interface Client {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  functions: Functions;
  storage: FirebaseStorage;
  user: User | null;
  /** Calls a callable by its deployed name (`teams-create`) and returns its data. */
  call<Res = unknown>(name: string, data?: unknown): Promise<Res>;
}

let appCounter = 0;
const openApps: FirebaseApp[] = [];

/** A client app connected to every emulator, signed out. */
export function newClient(): Client {
  const app = initializeApp(
    {
      projectId: PROJECT_ID,
      apiKey: "fake-api-key",
      authDomain: `${PROJECT_ID}.firebaseapp.com`,
      storageBucket: `${PROJECT_ID}.appspot.com`,
    },
    `client-${++appCounter}`,
  );
  openApps.push(app);
  const auth = getAuth(app);
  const a = emulators.auth();
  connectAuthEmulator(auth, `http://${a.host}:${a.port}`, { disableWarnings: true });
  const db = getFirestore(app);
  const f = emulators.firestore();
  connectFirestoreEmulator(db, f.host, f.port);
  const functions = getFunctions(app, "us-central1");
  const fn = emulators.functions();
  connectFunctionsEmulator(functions, fn.host, fn.port);
  let storage: FirebaseStorage | null = null;
  const client: Client = {
    app,
    auth,
    db,
    functions,
    get storage() {
      if (!storage) {
        storage = getStorage(app);
        const s = emulators.storage();
        connectStorageEmulator(storage, s.host, s.port);
      }
      return storage;
    },
    get user() {
      return auth.currentUser;
    },
    async call<Res>(name: string, data: unknown = {}) {
      const result = await httpsCallable<unknown, Res>(functions, name)(data);
      return result.data;
    },
  };
  return client;
}

/**
 * Waits until a function has written the document at `ref` (polling with the Admin SDK), then
 * reads it once through the client, so that the test still checks what the rules let the client
 * see. Polling with the client's own `getDoc` can stall for good on the Firestore emulator: when
 * its "no such document" answer carries the very time the function's write commits at, the JS SDK
 * keeps that answer and ignores the write as outdated (its debug log: "Ignoring outdated watch
 * update") until the document changes again. docs/emulators.md has the figures.
 */
export async function readOnceWritten<T>(what: string, ref: DocumentReference<T>): Promise<T> {
  await eventually(what, async () => (await adminDb().doc(ref.path).get()).exists);
  const data = (await getDoc(ref)).data();
  if (data === undefined) throw new Error(`The client cannot see ${what} (${ref.path}), which the Admin SDK reads`);
  return data;
}

/** A user signed up through Firebase Auth, on their own client app. */
export type SignedUp = Client & { uid: string; email: string };
/** A signed-up user with the personal team the sign-up trigger created for them. */
export type Member = SignedUp & { teamId: string };

let userCounter = 0;

/** A unique test email, so tests never collide. */
export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${Date.now().toString(36)}-${++userCounter}@example.test`;
}

/**
 * Signs a new user up through Firebase Auth, as the frontend does, and waits until the
 * sign-up trigger has created the profile.
 */
export async function signUp(options: { email?: string; name?: string; password?: string } = {}): Promise<SignedUp> {
  const client = newClient();
  const email = options.email ?? uniqueEmail();
  const credential = await createUserWithEmailAndPassword(client.auth, email, options.password ?? "secret-password");
  if (options.name) await updateProfile(credential.user, { displayName: options.name });
  const uid = credential.user.uid;
  await eventually(`profile of ${email}`, async () => (await adminDb().doc(`users/${uid}`).get()).exists);
  return Object.assign(client, { uid, email });
}

/** The personal team the sign-up trigger created for `user`. */
export async function personalTeamId(user: { uid: string }): Promise<string> {
  const profile = (await adminDb().doc(`users/${user.uid}`).get()).data();
  return profile?.defaultTeamId as string;
}

/** A new user and their personal team. */
export async function signUpWithTeam(options: Parameters<typeof signUp>[0] = {}): Promise<Member> {
  const user = await signUp(options);
  return Object.assign(user, { teamId: await personalTeamId(user) });
}

/** One out-of-band code the Auth emulator issued (its `oobCodes` endpoint). */
interface OobCode {
  email: string;
  requestType: string;
  oobCode: string;
}

/**
 * Verifies the signed-in user's email the way the frontend does, with the Auth emulator as the
 * mailbox: `sendEmailVerification`, the code from the emulator's `oobCodes` endpoint, then
 * `applyActionCode`; finally a fresh ID token, so that callables see `email_verified`.
 */
export async function verifyEmail(client: Client): Promise<void> {
  const user = client.user;
  if (!user?.email) throw new Error("verifyEmail needs a signed-in user with an email");
  await sendEmailVerification(user);
  const { host, port } = emulators.auth();
  const response = await fetch(`http://${host}:${port}/emulator/v1/projects/${PROJECT_ID}/oobCodes`);
  const { oobCodes } = (await response.json()) as { oobCodes: OobCode[] };
  const code = oobCodes.filter((c) => c.requestType === "VERIFY_EMAIL" && c.email === user.email).at(-1);
  if (!code) throw new Error(`The Auth emulator issued no verification code for ${user.email}`);
  await applyActionCode(client.auth, code.oobCode);
  await user.reload();
  await user.getIdToken(true);
}

/** A new user whose email address is verified through the Auth emulator's verification link. */
export async function signUpVerified(options: Parameters<typeof signUp>[0] = {}): ReturnType<typeof signUp> {
  const user = await signUp(options);
  await verifyEmail(user);
  return user;
}

/** Signs an existing user in on a fresh client app. */
export async function signIn(email: string, password = "secret-password"): Promise<Client> {
  const client = newClient();
  await signInWithEmailAndPassword(client.auth, email, password);
  return client;
}

/** Closes every client app opened by the tests (listeners and sockets included). */
export async function closeClients(): Promise<void> {
  await Promise.all(openApps.splice(0).map((app) => deleteApp(app)));
}
