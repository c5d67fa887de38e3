import { expect } from "chai";
import {
  Timestamp,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  where,
  type DocumentData,
  type Firestore,
  type Query,
  type QuerySnapshot,
} from "firebase/firestore";
import { ref, uploadBytes } from "firebase/storage";
import { isTyping, markRead, sendMessage, setTyping, unreadCount, type ChatFile } from "../../client/src/chat.js";
import { channelTyping } from "../../client/src/collections.js";
import type { Typing } from "../../functions/src/models/chat.js";
import { addTeamMember, adminAuth, adminBucket, adminDb, eventually } from "../helpers/admin.js";
import { closeClients, signUp, type Client } from "../helpers/clients.js";
import { clearEmulatorData } from "../helpers/emulators.js";

type Member = Client & { uid: string; email: string; teamId: string };

/** Alice (owner) and Bob (member) of Alice's personal team, each on their own signed-in client. */
async function twoTeammates(): Promise<[Member, Member]> {
  const [alice, bob] = await Promise.all([signUp({ name: "Alice" }), signUp({ name: "Bob" })]);
  const teamId = (await adminDb().doc(`users/${alice.uid}`).get()).get("defaultTeamId") as string;
  await addTeamMember(teamId, bob.uid);
  return [Object.assign(alice, { teamId }), Object.assign(bob, { teamId })];
}

const messagesOf = (db: Firestore, teamId: string, channelId: string) => collection(db, `teams/${teamId}/channels/${channelId}/messages`);

/** Resolves with the first snapshot of `q` that satisfies `accept`; the listener stays attached until then. */
function nextSnapshot<T>(q: Query<T, DocumentData>, accept: (snapshot: QuerySnapshot<T, DocumentData>) => boolean, timeoutMs = 30_000) {
  return new Promise<QuerySnapshot<T, DocumentData>>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error("listener timed out"));
    }, timeoutMs);
    const unsubscribe = onSnapshot(
      q,
      (snapshot) => {
        if (!accept(snapshot)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(snapshot);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** What the frontend does with the typing collection: keep the documents that have not expired. */
function activeTypers(snapshot: QuerySnapshot<Typing>, now = Date.now()): string[] {
  return snapshot.docs.map((d) => d.data()).filter((typing) => isTyping(typing, now)).map((typing) => typing.userName);
}

/** Sends as the frontend does, through the client package (attachment uploaded first). */
const send = (member: Member, channelId: string, message: { text?: string; file?: ChatFile }) => sendMessage(member, { channelId, ...message });

const memberName = async (member: Member) => (await adminDb().doc(`teams/${member.teamId}/members/${member.uid}`).get()).get("name") as string;

async function filesUnder(prefix: string): Promise<string[]> {
  const [files] = await adminBucket().getFiles({ prefix });
  return files.map((file) => file.name);
}

describe("chat: two signed-in clients", () => {
  beforeEach(clearEmulatorData);
  afterEach(closeClients);

  it("delivers A's message to B's listener; B's unread count goes from 1 to 0 once B marks the channel read", async () => {
    const [alice, bob] = await twoTeammates();
    await markRead(bob, "general");
    expect(await unreadCount(bob, "general")).to.equal(0);

    const history = query(messagesOf(bob.db, bob.teamId, "general"), orderBy("createdAt", "desc"));
    const received = nextSnapshot(history, (snapshot) => snapshot.docs.some((d) => d.get("text") === "Launch at noon?"));
    const sent = await send(alice, "general", { text: "Launch at noon?" });
    const snapshot = await received;
    const message = snapshot.docs.find((d) => d.id === sent.id);
    expect(message?.data()).to.include({ senderId: alice.uid, text: "Launch at noon?" });
    expect((message?.get("createdAt") as Timestamp).toMillis()).to.be.closeTo(Date.now(), 60_000);

    expect(await unreadCount(bob, "general")).to.equal(1);
    await markRead(bob, "general");
    expect(await unreadCount(bob, "general")).to.equal(0);

    const lastMessageAt = await eventually("lastMessageAt on general", async () => {
      const channel = await getDoc(doc(bob.db, `teams/${bob.teamId}/channels/general`));
      return channel.get("lastMessageAt") as Timestamp | undefined;
    });
    expect(lastMessageAt.isEqual(message?.get("createdAt") as Timestamp)).to.equal(true);
  });

  it("shows B that A is typing, and no longer once the expiry passes", async () => {
    const [alice, bob] = await twoTeammates();
    const typing = channelTyping(bob.db, bob.teamId, "general");
    const appeared = nextSnapshot(typing, (snapshot) => snapshot.size > 0);
    await setTyping(alice, "general");
    const snapshot = await appeared;
    expect(activeTypers(snapshot)).to.deep.equal([await memberName(alice)]);

    const expiresAt = snapshot.docs[0].data().expiresAt.toMillis();
    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 100));
    const later = await getDocs(typing);
    expect(later.size, "the document stays until the TTL policy removes it").to.equal(1);
    expect(activeTypers(later)).to.deep.equal([]);
  });

  it("lets teammates create a channel and a DM and find them with the frontend's channel queries", async () => {
    const [alice, bob] = await twoTeammates();
    const channels = collection(bob.db, `teams/${bob.teamId}/channels`);
    const publicChannels = nextSnapshot(query(channels, where("memberIds", "==", []), orderBy("createdAt")), (s) => s.size === 2);
    await setDoc(doc(alice.db, `teams/${alice.teamId}/channels/launch`), {
      name: "Launch",
      isDirectMessage: false,
      memberIds: [],
      createdBy: alice.uid,
      createdAt: serverTimestamp(),
    });
    expect((await publicChannels).docs.map((d) => d.id)).to.deep.equal(["general", "launch"]);

    const pair = [alice.uid, bob.uid].sort();
    const dmId = `dm_${pair[0]}_${pair[1]}`;
    await setDoc(doc(alice.db, `teams/${alice.teamId}/channels/${dmId}`), {
      name: "Alice, Bob",
      isDirectMessage: true,
      memberIds: pair,
      createdBy: alice.uid,
      createdAt: serverTimestamp(),
    });
    const mine = await getDocs(query(channels, where("memberIds", "array-contains", bob.uid), orderBy("createdAt")));
    expect(mine.docs.map((d) => d.id)).to.deep.equal([dmId]);
    await send(bob, dmId, { text: "just us" });
    expect(await unreadCount(alice, dmId)).to.equal(1);
  });

  it("deleting a channel leaves no messages, typing documents, read markers or attachment files", async () => {
    const [alice, bob] = await twoTeammates();
    const teamId = alice.teamId;
    await setDoc(doc(alice.db, `teams/${teamId}/channels/launch`), {
      name: "launch",
      isDirectMessage: false,
      memberIds: [],
      createdBy: alice.uid,
      createdAt: serverTimestamp(),
    });
    const brief = await send(alice, "launch", { text: "the brief", file: { data: new Uint8Array(2048).fill(1), fileName: "brief.pdf", contentType: "application/pdf" } });
    const storagePath = (await getDoc(brief)).data()?.attachment?.storagePath;
    await send(bob, "launch", { text: "thanks" });
    await setTyping(bob, "launch");
    await markRead(bob, "launch");
    expect(await filesUnder(`teams/${teamId}/chat/launch/`)).to.deep.equal([storagePath]);

    await deleteDoc(doc(alice.db, `teams/${teamId}/channels/launch`));

    const channelPath = `teams/${teamId}/channels/launch`;
    await eventually("messages and typing deleted", async () => {
      const [messages, typing] = await Promise.all([adminDb().collection(`${channelPath}/messages`).get(), adminDb().collection(`${channelPath}/typing`).get()]);
      return messages.empty && typing.empty;
    });
    await eventually("read marker deleted", async () => !(await adminDb().doc(`teams/${teamId}/members/${bob.uid}/reads/launch`).get()).exists);
    await eventually("attachment files deleted", async () => (await filesUnder(`teams/${teamId}/chat/launch/`)).length === 0);
    expect((await adminDb().doc(`teams/${teamId}/channels/general`).get()).exists, "other channels stay").to.equal(true);
  });

  it("leaves no chat files when the whole team tree is deleted", async () => {
    const [alice] = await twoTeammates();
    const plan = await send(alice, "general", { file: { data: new Uint8Array(64), fileName: "plan.pdf", contentType: "application/pdf" } });
    const storagePath = (await getDoc(plan)).data()?.attachment?.storagePath;
    expect(await filesUnder(`teams/${alice.teamId}/chat/`)).to.deep.equal([storagePath]);
    await adminDb().recursiveDelete(adminDb().doc(`teams/${alice.teamId}`));
    await eventually("team chat files deleted", async () => (await filesUnder(`teams/${alice.teamId}/chat/`)).length === 0);
  });

  it("deletes a message's attachment file when its sender deletes the message", async () => {
    const [alice] = await twoTeammates();
    const keptPath = `teams/${alice.teamId}/chat/general/${alice.uid}/other.png`;
    await uploadBytes(ref(alice.storage, keptPath), new Uint8Array(64), { contentType: "image/png" });
    const message = await send(alice, "general", { file: { data: new Uint8Array(64), fileName: "photo.png", contentType: "image/png" } });
    const storagePath = (await getDoc(message)).data()?.attachment?.storagePath ?? "";
    expect(await filesUnder(storagePath)).to.deep.equal([storagePath]);
    await deleteDoc(message);
    await eventually("attachment deleted", async () => (await filesUnder(storagePath)).length === 0);
    expect(await filesUnder(keptPath)).to.deep.equal([keptPath]);
  });

  it("removes a deleted user's read markers and typing documents", async () => {
    const [alice, bob] = await twoTeammates();
    await markRead(bob, "general");
    await setTyping(bob, "general");
    await adminAuth().deleteUser(bob.uid);
    await eventually("bob's chat state deleted", async () => {
      const [marker, typing] = await Promise.all([
        adminDb().doc(`teams/${alice.teamId}/members/${bob.uid}/reads/general`).get(),
        adminDb().doc(`teams/${alice.teamId}/channels/general/typing/${bob.uid}`).get(),
      ]);
      return !marker.exists && !typing.exists;
    });
  });

  it("cuts a removed member off from the team's chat at once", async () => {
    const [alice, bob] = await twoTeammates();
    await send(alice, "general", { text: "still there?" });
    expect((await getDocs(messagesOf(bob.db, bob.teamId, "general"))).size).to.equal(1);
    await adminDb().doc(`teams/${bob.teamId}/members/${bob.uid}`).delete();
    await expectPermissionDenied(getDocs(messagesOf(bob.db, bob.teamId, "general")));
    await expectPermissionDenied(send(bob, "general", { text: "hello?" }));
  });
});

async function expectPermissionDenied(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as { code?: string }).code).to.equal("permission-denied");
    return;
  }
  expect.fail("expected permission-denied");
}
