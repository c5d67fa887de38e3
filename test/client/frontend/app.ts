/**
 * A small frontend written only against the packed `@pixasocial/client` and `firebase`, as a
 * frontend project would. test/client/package.test.ts type-checks it in an empty project and
 * runs it against the emulators; it prints one JSON line with what it saw.
 */
import {
  callables,
  channelMessages,
  ensureProfile,
  isCallableError,
  personas,
  sendMessage,
  unreadCount,
  userRef,
  type Persona,
} from "@pixasocial/client";
import { initializeApp } from "firebase/app";
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from "firebase/auth";
import {
  addDoc,
  connectFirestoreEmulator,
  getDoc,
  getDocs,
  getFirestore,
  orderBy,
  query,
  serverTimestamp,
  terminate,
} from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions } from "firebase/functions";

const [authHost, firestoreHost, functionsHost] = ["AUTH_HOST", "FIRESTORE_HOST", "FUNCTIONS_HOST"].map((name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  const [host, port] = value.split(":");
  return { host, port: Number(port) };
});

const app = initializeApp({ projectId: "demo-pixasocial", apiKey: "fake-api-key" });
const auth = getAuth(app);
connectAuthEmulator(auth, `http://${authHost.host}:${authHost.port}`, { disableWarnings: true });
const db = getFirestore(app);
connectFirestoreEmulator(db, firestoreHost.host, firestoreHost.port);
const functions = getFunctions(app, "us-central1");
connectFunctionsEmulator(functions, functionsHost.host, functionsHost.port);
const api = callables(functions);

const email = `frontend-${Date.now().toString(36)}@example.test`;
const { user } = await createUserWithEmailAndPassword(auth, email, "secret-password");
const profileWait = await ensureProfile(db, functions, user.uid, 20_000);
const profile = (await getDoc(userRef(db, user.uid))).data();
const teamId = profile?.defaultTeamId;
if (!teamId) throw new Error("the profile has no default team");

const persona: Omit<Persona, "createdAt" | "updatedAt"> = {
  name: "Curious Carla",
  demographics: "30-40, urban",
  psychographics: "early adopter",
  initialBeliefs: "new tools save time",
  vulnerabilities: ["fear of missing out"],
  rstProfile: { bas: "High", bis: "Low", fffs: "Not Assessed" },
  createdBy: user.uid,
};
const personaRef = await addDoc(personas(db, teamId), { ...persona, createdAt: serverTimestamp(), updatedAt: serverTimestamp() });
const storedPersona = (await getDoc(personaRef)).data();

const me = { db, teamId, uid: user.uid };
await sendMessage(me, { channelId: "general", text: "Hello from the client package" });
const history = await getDocs(query(channelMessages(db, teamId, "general"), orderBy("createdAt", "desc")));
const unread = await unreadCount(me, "general");

await api.aiConfigs.setActive({ activeProvider: "Mock" });
const generated = await api.ai.generateText({ prompt: "Write a tagline" });

let badInputCode: string | null = null;
try {
  await api.ai.generateText({ prompt: "" });
} catch (error) {
  badInputCode = isCallableError(error) ? error.code : "not a callable error";
}

console.log(
  JSON.stringify({
    uid: user.uid,
    profileCreatedByFallback: profileWait.created,
    profileEmail: profile?.email,
    teamId,
    personaName: storedPersona?.name,
    personaCreatedBy: storedPersona?.createdBy,
    messages: history.docs.map((d) => ({ text: d.data().text, senderName: d.data().senderName, senderId: d.data().senderId })),
    unread,
    generatedText: generated.text,
    badInputCode,
  }),
);
await terminate(db);
process.exit(0);
