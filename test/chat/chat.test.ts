/**
 * Team chat as the frontend runs it: two signed-in clients acting through the client package
 * (client/src, what @pixasocial/client ships), so that the package and the rules cannot drift apart.
 */
import { expect } from "chai";
import { addDoc, deleteDoc, getDoc, getDocs, onSnapshot, orderBy, query, serverTimestamp, setDoc, where } from "firebase/firestore";
import type { Query, QuerySnapshot } from "firebase/firestore";
import { ref, uploadBytes } from "firebase/storage";
import {
  channelMessages,
  channelRef,
  channels,
  channelTyping,
  chatAttachmentPath,
  clearTyping,
  dmChannelId,
  isTyping,
  lastMessageAt,
  markRead,
  newestMessageQuery,
  openDirectMessage,
  sendMessage,
  setTyping,
  unreadCount,
  type ChatFile,
  type Typing,
} from "../../client/src/index.js";
import { addTeamMember, adminAuth, adminBucket, adminDb, eventually } from "../helpers/admin.js";
import { signUp, type Client } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";

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

/**
 * Attaches a listener to `q` and resolves once it has delivered its first snapshot, with `next`:
 * the first snapshot that satisfies `accept` (the listener stays attached until then). The tests
 * write only after that first snapshot: a document that the emulator commits at the read time of
 * a listener's first snapshot is plausibly dropped by the JS SDK as outdated, the way a client read
 * misses a function's write (docs/emulators.md, "Reading what a function wrote"); a listener that
 * waited for a channel created right after it was attached never saw it (one fresh-clone run).
 */
function listenFor<T>(q: Query<T>, accept: (snapshot: QuerySnapshot<T>) => boolean, timeoutMs = 30_000) {
  return new Promise<{ next: Promise<QuerySnapshot<T>> }>((attached, failed) => {
    let first = true;
    const next = new Promise<QuerySnapshot<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error("listener timed out"));
      }, timeoutMs);
      const unsubscribe = onSnapshot(
        q,
        (snapshot) => {
          if (first) {
            first = false;
            attached({ next });
          }
          if (!accept(snapshot)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(snapshot);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
          failed(error);
        },
      );
    });
    next.catch(failed);
  });
}

/** What the frontend does with the typing collection: keep the documents that have not expired. */
function activeTypers(snapshot: QuerySnapshot<Typing>, now = Date.now()): string[] {
  return snapshot.docs.filter((d) => isTyping(d.data(), now)).map((d) => d.data().userName);
}

/** Sends a message with a file attached (upload, then message); returns the message and the file's path. */
async function sendFile(member: Member, channelId: string, file: ChatFile, text?: string) {
  const message = await sendMessage(member, { channelId, file, ...(text !== undefined && { text }) });
  const attachment = (await getDoc(message)).data()?.attachment;
  if (!attachment) throw new Error("the message has no attachment");
  return { message, attachment, storagePath: attachment.storagePath };
}

/** A public channel created by `member`, as the frontend creates one. */
const createChannel = (member: Member, channelId: string, name: string) =>
  setDoc(channelRef(member.db, member.teamId, channelId), {
    name,
    isDirectMessage: false,
    memberIds: [],
    createdBy: member.uid,
    createdAt: serverTimestamp(),
  });

async function filesUnder(prefix: string): Promise<string[]> {
  const [files] = await adminBucket().getFiles({ prefix });
  return files.map((file) => file.name);
}

describe("chat: two signed-in clients", () => {
  useEmptyEmulators();

  it("delivers A's message to B's listener; B's unread count goes from 1 to 0 once B marks the channel read", async () => {
    const [alice, bob] = await twoTeammates();
    await markRead(bob, "general");
    expect(await unreadCount(bob, "general")).to.equal(0);

    const history = query(channelMessages(bob.db, bob.teamId, "general"), orderBy("createdAt", "desc"));
    const received = await listenFor(history, (snapshot) => snapshot.docs.some((d) => d.data().text === "Launch at noon?"));
    const sent = await sendMessage(alice, { channelId: "general", text: "Launch at noon?" });
    const snapshot = await received.next;
    const message = snapshot.docs.find((d) => d.id === sent.id);
    expect(message?.data()).to.include({ senderId: alice.uid, senderName: alice.name, text: "Launch at noon?" });
    expect(message?.data().createdAt.toMillis()).to.be.closeTo(Date.now(), 60_000);

    expect(await unreadCount(bob, "general")).to.equal(1);
    expect(await unreadCount(alice, "general"), "sending marks the sender's own channel read").to.equal(0);
    await markRead(bob, "general");
    expect(await unreadCount(bob, "general")).to.equal(0);
  });

  it("gives the channel list each channel's last activity from its newest message, and never writes to the channel", async () => {
    const [alice, bob] = await twoTeammates();
    const channelPath = `teams/${bob.teamId}/channels/general`;
    const before = await adminDb().doc(channelPath).get();
    expect(await lastMessageAt(bob.db, bob.teamId, "general"), "no activity before the first message").to.equal(null);

    const newest = newestMessageQuery(bob.db, bob.teamId, "general");
    const updated = await listenFor(newest, (snapshot) => snapshot.docs[0]?.data().text === "Shipped");
    const sent = await sendMessage(alice, { channelId: "general", text: "Shipped" });
    const [latest] = (await updated.next).docs;
    expect(latest.id).to.equal(sent.id);
    const lastActivity = latest.data().createdAt;
    expect(lastActivity.toMillis()).to.be.closeTo(Date.now(), 60_000);
    expect((await lastMessageAt(bob.db, bob.teamId, "general"))?.toMillis()).to.equal(lastActivity.toMillis());

    const after = await adminDb().doc(channelPath).get();
    expect(before.exists).to.equal(true);
    expect(after.updateTime?.valueOf(), "the channel document the rules read is unchanged").to.equal(before.updateTime?.valueOf());
    expect(after.get("lastMessageAt")).to.equal(undefined);
  });

  it("shows B that A is typing, no longer once the expiry passes, and not at all once A clears it", async () => {
    const [alice, bob] = await twoTeammates();
    const typing = channelTyping(bob.db, bob.teamId, "general");
    const appeared = await listenFor(typing, (snapshot) => snapshot.size > 0);
    await setTyping(alice, "general");
    const snapshot = await appeared.next;
    expect(activeTypers(snapshot)).to.deep.equal([alice.name]);
    const expiresAt = snapshot.docs[0].data().expiresAt.toMillis();

    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 100));
    const later = await getDocs(typing);
    expect(later.size, "the document stays until the TTL policy removes it").to.equal(1);
    expect(activeTypers(later)).to.deep.equal([]);

    await clearTyping(alice, "general");
    expect((await getDocs(typing)).size).to.equal(0);
  });

  it("lets teammates create a channel and a DM and find them with the frontend's channel queries", async () => {
    const [alice, bob] = await twoTeammates();
    const teamChannels = channels(bob.db, bob.teamId);
    const publicChannels = await listenFor(query(teamChannels, where("memberIds", "==", []), orderBy("createdAt")), (s) => s.size === 2);
    await createChannel(alice, "launch", "Launch");
    expect((await publicChannels.next).docs.map((d) => d.id)).to.deep.equal(["general", "launch"]);

    const dm = await openDirectMessage(alice, bob.uid, "Alice, Bob");
    const dmId = dmChannelId(alice.uid, bob.uid);
    const pair = [alice.uid, bob.uid].sort();
    expect(dmId).to.equal(`dm_${pair[0]}_${pair[1]}`);
    expect(dm.id).to.equal(dmId);
    expect((await getDoc(dm)).data()).to.include({ isDirectMessage: true, createdBy: alice.uid });
    expect((await openDirectMessage(bob, alice.uid)).id, "Bob opens the same DM").to.equal(dmId);
    const mine = await getDocs(query(teamChannels, where("memberIds", "array-contains", bob.uid), orderBy("createdAt")));
    expect(mine.docs.map((d) => d.id)).to.deep.equal([dmId]);
    expect(mine.docs[0].data().memberIds).to.deep.equal(pair);
    await sendMessage(bob, { channelId: dmId, text: "just us" });
    expect(await unreadCount(alice, dmId)).to.equal(1);
  });

  it("deleting a channel leaves no messages, typing documents, read markers or attachment files", async () => {
    const [alice, bob] = await twoTeammates();
    const teamId = alice.teamId;
    await createChannel(alice, "launch", "launch");
    const brief = { data: new Uint8Array(2048).fill(1), fileName: "brief.pdf", contentType: "application/pdf" };
    const { attachment, storagePath } = await sendFile(alice, "launch", brief, "the brief");
    expect(attachment).to.include({ fileName: "brief.pdf", fileType: "application/pdf", size: 2048 });
    expect(storagePath.startsWith(chatAttachmentPath(teamId, "launch", alice.uid, ""))).to.equal(true);
    await sendMessage(bob, { channelId: "launch", text: "thanks" });
    await setTyping(bob, "launch");
    await markRead(bob, "launch");
    expect(await filesUnder(`teams/${teamId}/chat/launch/`)).to.deep.equal([storagePath]);

    await deleteDoc(channelRef(alice.db, teamId, "launch"));

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
    const plan = { data: new Uint8Array(64), fileName: "plan.pdf", contentType: "application/pdf" };
    const { storagePath } = await sendFile(alice, "general", plan);
    expect(await filesUnder(`teams/${alice.teamId}/chat/`)).to.deep.equal([storagePath]);
    await adminDb().recursiveDelete(adminDb().doc(`teams/${alice.teamId}`));
    await eventually("team chat files deleted", async () => (await filesUnder(`teams/${alice.teamId}/chat/`)).length === 0);
  });

  it("deletes a message's attachment file when its sender deletes the message", async () => {
    const [alice] = await twoTeammates();
    const keptPath = chatAttachmentPath(alice.teamId, "general", alice.uid, "other.png");
    await uploadBytes(ref(alice.storage, keptPath), new Uint8Array(64), { contentType: "image/png" });
    const photo = { data: new Uint8Array(64), fileName: "photo.png", contentType: "image/png" };
    const { message, storagePath } = await sendFile(alice, "general", photo);
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
    await sendMessage(alice, { channelId: "general", text: "still there?" });
    expect((await getDocs(channelMessages(bob.db, bob.teamId, "general"))).size).to.equal(1);
    await adminDb().doc(`teams/${bob.teamId}/members/${bob.uid}`).delete();
    await expectPermissionDenied(getDocs(channelMessages(bob.db, bob.teamId, "general")));
    await expectPermissionDenied(sendMessage(bob, { channelId: "general", text: "hello?" }));
    const asBefore = { senderId: bob.uid, senderName: bob.name, text: "hello?", createdAt: serverTimestamp() };
    await expectPermissionDenied(addDoc(channelMessages(bob.db, bob.teamId, "general"), asBefore));
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
