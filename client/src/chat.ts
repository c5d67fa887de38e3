/** Team chat helpers (CONTRACT §8, docs/chat.md): the parts the rules are strict about. */
import {
  Timestamp,
  addDoc,
  deleteDoc,
  doc,
  getCountFromServer,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  where,
  type DocumentData,
  type DocumentReference,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
  type WithFieldValue,
} from "firebase/firestore";
import { ref, uploadBytes, type FirebaseStorage } from "firebase/storage";
import type { Channel, Message, Typing } from "../../functions/src/models/chat.js";
import type { TimestampLike } from "../../functions/src/models/shared.js";
import { channelMessages, channelRef, channelTyping, memberRef, readMarkerRef } from "./collections.js";
import { chatAttachmentPath, dmChannelId } from "./paths.js";

/** How long a typing document counts: the rules allow at most 10 s after the server's time. */
export const TYPING_WINDOW_MS = 5_000;

/** Where a signed-in member is: their uid in a team. */
export interface MemberContext {
  db: Firestore;
  teamId: string;
  uid: string;
}

/** The member's `name` in `teams/{teamId}/members/{uid}`, as the rules require for senderName and userName. */
export async function memberName({ db, teamId, uid }: MemberContext): Promise<string> {
  const member = (await getDoc(memberRef(db, teamId, uid))).data();
  if (!member) throw new Error(`${uid} is not a member of team ${teamId}.`);
  return member.name;
}

/**
 * Opens the DM of the signed-in member with `otherUid`: gets `dm_<a>_<b>` and creates it when
 * absent. When both create it at once, the second write is refused and the DM is read again.
 */
export async function openDirectMessage(me: MemberContext, otherUid: string, name = "Direct message"): Promise<DocumentReference<Channel>> {
  const ref = channelRef(me.db, me.teamId, dmChannelId(me.uid, otherUid));
  if ((await getDoc(ref)).exists()) return ref;
  const memberIds = [me.uid, otherUid].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  try {
    await setDoc(ref, { name, isDirectMessage: true, memberIds, createdBy: me.uid, createdAt: serverTimestamp() });
  } catch (error) {
    if (!(await getDoc(ref)).exists()) throw error;
  }
  return ref;
}

/** A file to attach: its bytes, the name to show and its content type. */
export interface ChatFile {
  data: Blob | Uint8Array | ArrayBuffer;
  fileName: string;
  contentType: string;
}

export interface NewMessage {
  channelId: string;
  text?: string;
  file?: ChatFile;
}

function uniqueObjectName(fileName: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}-${random}-${fileName.replace(/\//g, "_")}`;
}

/**
 * Sends a message as the member: uploads the attachment first (under a new object name in the
 * sender's folder), then writes the message with `senderName` from the member's document,
 * then marks the channel read (the unread count includes one's own messages).
 */
export async function sendMessage(
  me: MemberContext & { storage?: FirebaseStorage },
  message: NewMessage,
): Promise<DocumentReference<Message>> {
  const senderName = await memberName(me);
  const data: WithFieldValue<Message> = { senderId: me.uid, senderName, createdAt: serverTimestamp() };
  if (message.text !== undefined) data.text = message.text;
  if (message.file) {
    if (!me.storage) throw new Error("sendMessage needs `storage` to upload an attachment.");
    const storagePath = chatAttachmentPath(me.teamId, message.channelId, me.uid, uniqueObjectName(message.file.fileName));
    const uploaded = await uploadBytes(ref(me.storage, storagePath), message.file.data, { contentType: message.file.contentType });
    data.attachment = { storagePath, fileName: message.file.fileName, fileType: message.file.contentType, size: uploaded.metadata.size };
  }
  const sent = await addDoc<Message, DocumentData>(channelMessages(me.db, me.teamId, message.channelId), data);
  await markRead(me, message.channelId);
  return sent;
}

/**
 * The channel's newest message, as a query (`orderBy('createdAt', 'desc'), limit(1)`): the
 * channel has no `lastMessageAt` (docs/chat.md), its last activity is this message's
 * `createdAt` and the same document is the list's preview line. Listen to it with `onSnapshot`
 * for each channel of the list except the open one (whose history listener already has it).
 */
export function newestMessageQuery(db: Firestore, teamId: string, channelId: string): Query<Message, DocumentData> {
  return query(channelMessages(db, teamId, channelId), orderBy("createdAt", "desc"), limit(1));
}

/** The channel's newest message once (null when it has none yet); see `newestMessageQuery`. */
export async function lastMessage(
  db: Firestore,
  teamId: string,
  channelId: string,
): Promise<QueryDocumentSnapshot<Message, DocumentData> | null> {
  const newest = await getDocs(newestMessageQuery(db, teamId, channelId));
  return newest.docs[0] ?? null;
}

/** The channel's last activity: its newest message's `createdAt`, or null when it has no message yet. */
export async function lastMessageAt(db: Firestore, teamId: string, channelId: string): Promise<TimestampLike | null> {
  return (await lastMessage(db, teamId, channelId))?.data().createdAt ?? null;
}

/** Shows the member as typing in the channel for the next TYPING_WINDOW_MS; call again while they type. */
export async function setTyping(me: MemberContext & { userName?: string }, channelId: string): Promise<void> {
  const userName = me.userName ?? (await memberName(me));
  await setDoc(doc(channelTyping(me.db, me.teamId, channelId), me.uid), {
    userName,
    expiresAt: Timestamp.fromMillis(Date.now() + TYPING_WINDOW_MS),
  });
}

/** Stops showing the member as typing (after sending, or when the input is cleared). */
export async function clearTyping(me: MemberContext, channelId: string): Promise<void> {
  await deleteDoc(doc(channelTyping(me.db, me.teamId, channelId), me.uid));
}

/** Whether a typing document still counts; re-check with a timer, expired ones are deleted lazily. */
export function isTyping(typing: Typing, now = Date.now()): boolean {
  return typing.expiresAt.toMillis() > now;
}

/** The member's unread messages in the channel: newer than their read marker (all when they have none). */
export async function unreadCount(me: MemberContext, channelId: string): Promise<number> {
  const marker = (await getDoc(readMarkerRef(me.db, me.teamId, me.uid, channelId))).data();
  const lastReadAt = marker?.lastReadAt ?? Timestamp.fromMillis(0);
  const unread = query(channelMessages(me.db, me.teamId, channelId), where("createdAt", ">", lastReadAt));
  return (await getCountFromServer(unread)).data().count;
}

/** Marks the channel read up to now (the server's time), or up to `upTo` (a message's `createdAt`). */
export async function markRead(me: MemberContext, channelId: string, upTo?: TimestampLike): Promise<void> {
  await setDoc(readMarkerRef(me.db, me.teamId, me.uid, channelId), { lastReadAt: upTo ?? serverTimestamp() });
}
