import { expect } from "chai";
import {
  Timestamp,
  addDoc,
  collection,
  deleteDoc,
  doc,
  getCountFromServer,
  getDoc,
  getDocs,
  limit,
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
import { addTeamMember, adminAuth, adminBucket, adminDb, eventually } from "../helpers/admin.js";
import { closeClients, signUp, type Client } from "../helpers/clients.js";
import { clearEmulatorData } from "../helpers/emulators.js";

type Member = Client & { uid: string; email: string; teamId: string; name: string };

/**
 * Alice (owner) and Bob (member) of Alice's personal team, each on their own signed-in client;
 * `name` is each one's name in the team (what the rules require as senderName and userName).
 */
async function twoTeammates(): Promise<[Member, Member]> {
  const [alice, bob] = await Promise.all([signUp({ name: "Alice" }), signUp({ name: "Bob" })]);
  const teamId = (await adminDb().doc(`users/${alice.uid}`).get()).get("defaultTeamId") as string;
  await addTeamMember(teamId, bob.uid);
  const nameIn = async (uid: string) => (await adminDb().doc(`teams/${teamId}/members/${uid}`).get()).get("name") as string;
  const [aliceName, bobName] = await Promise.all([nameIn(alice.uid), nameIn(bob.uid)]);
  return [Object.assign(alice, { teamId, name: aliceName }), Object.assign(bob, { teamId, name: bobName })];
}

const messagesOf = (db: Firestore, teamId: string, channelId: string) => collection(db, `teams/${teamId}/channels/${channelId}/messages`);

/** Resolves with the first snapshot of `q` that satisfies `accept`; the listener stays attached until then. */
function nextSnapshot(q: Query<DocumentData>, accept: (snapshot: QuerySnapshot<DocumentData>) => boolean, timeoutMs = 30_000) {
  return new Promise<QuerySnapshot<DocumentData>>((resolve, reject) => {
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
function activeTypers(snapshot: QuerySnapshot<DocumentData>, now = Date.now()): string[] {
  return snapshot.docs.filter((d) => (d.get("expiresAt") as Timestamp).toMillis() > now).map((d) => d.get("userName") as string);
}

/** The unread count of a channel: messages newer than the member's read marker. */
async function unreadCount(member: Member, channelId: string): Promise<number> {
  const marker = await getDoc(doc(member.db, `teams/${member.teamId}/members/${member.uid}/reads/${channelId}`));
  const lastReadAt = (marker.get("lastReadAt") as Timestamp | undefined) ?? Timestamp.fromMillis(0);
  const unread = query(messagesOf(member.db, member.teamId, channelId), where("createdAt", ">", lastReadAt));
  return (await getCountFromServer(unread)).data().count;
}

const markRead = (member: Member, channelId: string) =>
  setDoc(doc(member.db, `teams/${member.teamId}/members/${member.uid}/reads/${channelId}`), { lastReadAt: serverTimestamp() });

const send = (member: Member, channelId: string, fields: Record<string, unknown>) =>
  addDoc(messagesOf(member.db, member.teamId, channelId), {
    senderId: member.uid,
    senderName: member.name,
    createdAt: serverTimestamp(),
    ...fields,
  });

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
  });

  it("gives the channel list each channel's last activity from its newest message, and never writes to the channel", async () => {
    const [alice, bob] = await twoTeammates();
    const channelPath = `teams/${bob.teamId}/channels/general`;
    const before = await adminDb().doc(channelPath).get();

    const newest = query(messagesOf(bob.db, bob.teamId, "general"), orderBy("createdAt", "desc"), limit(1));
    const updated = nextSnapshot(newest, (snapshot) => snapshot.docs[0]?.get("text") === "Shipped");
    const sent = await send(alice, "general", { text: "Shipped" });
    const [latest] = (await updated).docs;
    expect(latest.id).to.equal(sent.id);
    const lastMessageAt = latest.get("createdAt") as Timestamp;
    expect(lastMessageAt.toMillis()).to.be.closeTo(Date.now(), 60_000);

    const after = await adminDb().doc(channelPath).get();
    expect(before.exists).to.equal(true);
    expect(after.updateTime?.valueOf(), "the channel document the rules read is unchanged").to.equal(before.updateTime?.valueOf());
    expect(after.get("lastMessageAt")).to.equal(undefined);
  });

  it("shows B that A is typing, and no longer once the expiry passes", async () => {
    const [alice, bob] = await twoTeammates();
    const typing = collection(bob.db, `teams/${bob.teamId}/channels/general/typing`);
    const appeared = nextSnapshot(typing, (snapshot) => snapshot.size > 0);
    const expiresAt = Date.now() + 6000;
    await setDoc(doc(alice.db, `teams/${alice.teamId}/channels/general/typing/${alice.uid}`), {
      userName: alice.name,
      expiresAt: Timestamp.fromMillis(expiresAt),
    });
    const snapshot = await appeared;
    expect(activeTypers(snapshot)).to.deep.equal([alice.name]);

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
    const storagePath = `teams/${teamId}/chat/launch/${alice.uid}/brief.pdf`;
    await uploadBytes(ref(alice.storage, storagePath), new Uint8Array(2048).fill(1), { contentType: "application/pdf" });
    await send(alice, "launch", {
      text: "the brief",
      attachment: { storagePath, fileName: "brief.pdf", fileType: "application/pdf", size: 2048 },
    });
    await send(bob, "launch", { text: "thanks" });
    await setDoc(doc(bob.db, `teams/${teamId}/channels/launch/typing/${bob.uid}`), {
      userName: bob.name,
      expiresAt: Timestamp.fromMillis(Date.now() + 5000),
    });
    await markRead(bob, "launch");
    expect(await filesUnder(`teams/${teamId}/chat/launch/`)).to.deep.equal([storagePath]);

    await deleteDoc(doc(alice.db, `teams/${teamId}/channels/launch`));

    const channelPath = `teams/${teamId}/channels/launch`;
    await eventually("messages and typing deleted", async () => {
      const [messages, typing] = await Promise.all([
        adminDb().collection(`${channelPath}/messages`).get(),
        adminDb().collection(`${channelPath}/typing`).get(),
      ]);
      return messages.empty && typing.empty;
    });
    await eventually(
      "read marker deleted",
      async () => !(await adminDb().doc(`teams/${teamId}/members/${bob.uid}/reads/launch`).get()).exists,
    );
    await eventually("attachment files deleted", async () => (await filesUnder(`teams/${teamId}/chat/launch/`)).length === 0);
    expect((await adminDb().doc(`teams/${teamId}/channels/general`).get()).exists, "other channels stay").to.equal(true);
  });

  it("leaves no chat files when the whole team tree is deleted", async () => {
    const [alice] = await twoTeammates();
    const storagePath = `teams/${alice.teamId}/chat/general/${alice.uid}/plan.pdf`;
    await uploadBytes(ref(alice.storage, storagePath), new Uint8Array(64), { contentType: "application/pdf" });
    await send(alice, "general", { attachment: { storagePath, fileName: "plan.pdf", fileType: "application/pdf", size: 64 } });
    expect(await filesUnder(`teams/${alice.teamId}/chat/`)).to.deep.equal([storagePath]);
    await adminDb().recursiveDelete(adminDb().doc(`teams/${alice.teamId}`));
    await eventually("team chat files deleted", async () => (await filesUnder(`teams/${alice.teamId}/chat/`)).length === 0);
  });

  it("deletes a message's attachment file when its sender deletes the message", async () => {
    const [alice] = await twoTeammates();
    const storagePath = `teams/${alice.teamId}/chat/general/${alice.uid}/photo.png`;
    const keptPath = `teams/${alice.teamId}/chat/general/${alice.uid}/other.png`;
    await uploadBytes(ref(alice.storage, storagePath), new Uint8Array(64), { contentType: "image/png" });
    await uploadBytes(ref(alice.storage, keptPath), new Uint8Array(64), { contentType: "image/png" });
    const message = await send(alice, "general", { attachment: { storagePath, fileName: "photo.png", fileType: "image/png", size: 64 } });
    await deleteDoc(message);
    await eventually("attachment deleted", async () => (await filesUnder(storagePath)).length === 0);
    expect(await filesUnder(keptPath)).to.deep.equal([keptPath]);
  });

  it("removes a deleted user's read markers and typing documents", async () => {
    const [alice, bob] = await twoTeammates();
    await markRead(bob, "general");
    await setDoc(doc(bob.db, `teams/${bob.teamId}/channels/general/typing/${bob.uid}`), {
      userName: bob.name,
      expiresAt: Timestamp.fromMillis(Date.now() + 5000),
    });
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
