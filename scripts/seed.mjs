#!/usr/bin/env node
// Seeds the running emulators with demo users and campaign data (used by `npm start`).
// Users are created through the Auth emulator, so the real sign-up trigger builds their
// profiles and personal teams; the rest is written with the Admin SDK.
import { initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { FieldValue, getFirestore, Timestamp } from "firebase-admin/firestore";
import { PROJECT_ID } from "./lib/emulator-env.mjs";
import { waitForSignUps } from "./lib/readiness.mjs";

const PASSWORD = "pixasocial-demo";
const DEMO_USERS = [
  { email: "alice@demo.pixasocial.test", displayName: "Alice Demo" },
  { email: "bob@demo.pixasocial.test", displayName: "Bob Demo" },
];

const app = initializeApp({ projectId: PROJECT_ID });
const auth = getAuth(app);
const db = getFirestore(app);

/** Signs a demo user up the way the frontend does. */
async function ensureUser({ email, displayName }) {
  try {
    return await auth.getUserByEmail(email);
  } catch {
    const url = `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo`;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD, displayName, returnSecureToken: true }),
    });
    if (!response.ok) throw new Error(`Sign-up of ${email} failed: ${await response.text()}`);
    return auth.getUserByEmail(email);
  }
}

async function profileOf(uid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const snapshot = await db.doc(`users/${uid}`).get();
    if (snapshot.exists) return snapshot.data();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}

/** Signs a demo user up (once sign-ups are known to work) and waits for the trigger's profile. */
async function demoUser(spec) {
  const user = await ensureUser(spec);
  const profile = await profileOf(user.uid, 30_000);
  if (!profile) throw new Error(`The sign-up trigger did not create the profile of ${spec.email}.`);
  return { user, profile };
}

const probe = await waitForSignUps({
  authHost: process.env.FIREBASE_AUTH_EMULATOR_HOST,
  firestoreHost: process.env.FIRESTORE_EMULATOR_HOST,
  projectId: PROJECT_ID,
  log: (message) => console.error(`[pixasocial] ${message}`),
});
console.error(`[pixasocial] sign-ups get their profiles (probe: ${probe.attempts} attempt(s), ${probe.elapsedMs} ms)`);
const [{ user: alice, profile: aliceProfile }, { user: bob, profile: bobProfile }] = await Promise.all(
  DEMO_USERS.map((spec) => demoUser(spec)),
);
const teamId = aliceProfile.defaultTeamId;
const team = db.doc(`teams/${teamId}`);
const now = FieldValue.serverTimestamp();

const batch = db.batch();
batch.update(team, { memberIds: FieldValue.arrayUnion(bob.uid) });
batch.set(team.collection("members").doc(bob.uid), { role: "member", name: bobProfile.name, email: bob.email, joinedAt: now });
batch.update(db.doc(`users/${bob.uid}`), { teamIds: FieldValue.arrayUnion(teamId), updatedAt: now });
batch.update(db.doc(`users/${alice.uid}`), { name: "Alice Demo", updatedAt: now });
batch.update(db.doc(`users/${bob.uid}`), { name: "Bob Demo" });
const persona = team.collection("personas").doc("demo-persona");
batch.set(persona, {
  name: "Eco-minded Emma",
  demographics: "28, urban, works in design",
  psychographics: "Values sustainability and authenticity; skeptical of greenwashing",
  initialBeliefs: "Most brands exaggerate their climate claims",
  vulnerabilities: ["fear of missing out on community events"],
  rstProfile: { bas: "High", bis: "Medium", fffs: "Low" },
  createdBy: alice.uid,
  createdAt: now,
  updatedAt: now,
});
const operator = team.collection("operators").doc("demo-operator");
batch.set(operator, {
  name: "Community proof",
  type: "Social proof",
  description: "Show real neighbours joining the clean-up",
  targetPersonaId: persona.id,
  reinforcementType: "positive",
  createdBy: alice.uid,
  createdAt: now,
  updatedAt: now,
});
const draft = team.collection("contentDrafts").doc("demo-draft");
batch.set(draft, {
  title: "Beach clean-up launch",
  personaId: persona.id,
  operatorId: operator.id,
  keyMessage: "Join 200 neighbours this Saturday",
  platformContents: {
    Instagram: {
      content: "200 neighbours, one beach. Are you in?",
      hashtags: ["#cleanup", "#community"],
      mediaType: "image",
      imageSourceType: "generate",
      imagePrompt: "Volunteers on a sunny beach",
    },
    X: { content: "This Saturday: 200 neighbours clean our beach. Join us!", hashtags: ["#cleanup"], mediaType: "none" },
  },
  createdBy: alice.uid,
  createdAt: now,
  updatedAt: now,
});
batch.set(team.collection("scheduledPosts").doc("demo-post"), {
  contentDraftId: draft.id,
  platform: "X",
  content: "This Saturday: 200 neighbours clean our beach. Join us!",
  scheduledAt: Timestamp.fromMillis(Date.now() + 3 * 24 * 3600 * 1000),
  timezone: "Europe/Berlin",
  status: "scheduled",
  createdBy: alice.uid,
  createdAt: now,
  updatedAt: now,
});
batch.set(team.collection("channels").doc("general").collection("messages").doc(), {
  senderId: alice.uid,
  senderName: "Alice Demo",
  text: "Welcome to PixaSocial! This is the team's general channel.",
  createdAt: now,
});
await batch.commit();

console.log(`
[pixasocial] Demo data is ready. Sign in with the Firebase JS SDK (connectAuthEmulator) as:
  ${DEMO_USERS[0].email} / ${PASSWORD}   (owner of "${aliceProfile.name}'s workspace", team ${teamId})
  ${DEMO_USERS[1].email} / ${PASSWORD}   (member of the same team)
AI calls use the offline Mock provider. Press Ctrl-C to stop.
`);
process.exit(0);
