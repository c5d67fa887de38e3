/**
 * Chat delivery latency: two signed-in clients of one team; A sends 200 messages to
 * `general`, one at a time, and each latency runs from the start of A's write to the moment
 * B's listener sees the message.
 */
import { addDoc, collection, onSnapshot, serverTimestamp } from "firebase/firestore";
import { performance } from "node:perf_hooks";
import { addTeamMember, adminDb } from "../test/helpers/admin.js";
import { closeClients, signUp } from "../test/helpers/clients.js";
import { figure, percentile } from "./stats.js";

const MESSAGES = 200;

export async function run(): Promise<void> {
  const [alice, bob] = await Promise.all([signUp({ name: "Bench A" }), signUp({ name: "Bench B" })]);
  const teamId = (await adminDb().doc(`users/${alice.uid}`).get()).get("defaultTeamId") as string;
  await addTeamMember(teamId, bob.uid);
  const path = `teams/${teamId}/channels/general/messages`;

  const arrivals = new Map<string, () => void>();
  const unsubscribe = onSnapshot(collection(bob.db, path), (snapshot) => {
    for (const change of snapshot.docChanges()) {
      if (change.type === "added") arrivals.get(change.doc.get("text") as string)?.();
    }
  });

  const latencies: number[] = [];
  try {
    for (let i = 0; i < MESSAGES; i++) {
      const text = `bench message ${i}`;
      const started = performance.now();
      const received = new Promise<void>((resolve) => arrivals.set(text, resolve));
      await addDoc(collection(alice.db, path), { senderId: alice.uid, senderName: "Bench A", text, createdAt: serverTimestamp() });
      await received;
      latencies.push(performance.now() - started);
      arrivals.delete(text);
    }
  } finally {
    unsubscribe();
    await closeClients();
  }
  figure(`chat delivery A write -> B listener, p50 of ${MESSAGES}`, percentile(latencies, 50), "ms");
  figure(`chat delivery A write -> B listener, p95 of ${MESSAGES}`, percentile(latencies, 95), "ms");
}
