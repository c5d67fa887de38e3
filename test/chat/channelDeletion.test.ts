import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { getFunctions } from "firebase-admin/functions";
import { DELETION_PAGE_SIZE } from "../../functions/src/common/deletion.js";
import { adminBucket, adminDb, eventually, uploadCounted } from "../helpers/admin.js";
import { finishedRuns, loggedEvents } from "../helpers/emulatorLogs.js";
import { discoverEmulators } from "../helpers/emulators.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { tasksApp } from "../posts/support.js";

const TEAM_ID = "bulk-team";
/**
 * Each test seeds its own channel: a channel job deletes by path, so one test's job still
 * running (or started by the clearing of the last test's channel) must not meet the next
 * test's messages (docs/chat.md: a re-created channel's known limit).
 */
let channelId = "bulk";
let channelCount = 0;
const OWNER = "owner-uid";
/** More messages than one page holds; the first ones carry attachments. */
const MESSAGES = DELETION_PAGE_SIZE + 40;
const ATTACHMENTS = 10;
/**
 * The channel of the tests that delete one message or none: a few messages beside the
 * attachments, not a page's worth. Each seeded message is one more delete trigger when the next
 * test's clear removes it, and those run beside that test.
 */
const FEW_MESSAGES = ATTACHMENTS + 2;
const attachmentPath = (i: number) => `teams/${TEAM_ID}/chat/${channelId}/${OWNER}/file-${i}.txt`;

/** What one page of a channel deletion logged (`chat.channelDeletionPage`). */
interface PageLog {
  teamId: string;
  channelId: string;
  page: number;
  documents: number;
  files: number;
  done: boolean;
}

async function seedChannel(messages = MESSAGES): Promise<void> {
  const db = adminDb();
  const now = Timestamp.now();
  await db.doc(`teams/${TEAM_ID}`).set({ name: "Bulk", ownerId: OWNER, memberIds: [OWNER], createdAt: now });
  await db.doc(`teams/${TEAM_ID}/members/${OWNER}`).set({ role: "owner", name: "Owner", email: null, joinedAt: now });
  await db.doc(`teams/${TEAM_ID}/members/${OWNER}/reads/${channelId}`).set({ lastReadAt: now });
  await db
    .doc(`teams/${TEAM_ID}/channels/${channelId}`)
    .set({ name: channelId, isDirectMessage: false, memberIds: [], createdBy: OWNER, createdAt: now });
  // Another channel of the team, which must keep its messages.
  await db
    .doc(`teams/${TEAM_ID}/channels/general/messages/kept`)
    .set({ senderId: OWNER, senderName: "Owner", text: "stays", createdAt: now });
  await uploadCounted(
    TEAM_ID,
    Array.from({ length: ATTACHMENTS }, (_, i) => ({ path: attachmentPath(i), content: `attachment ${i}` })),
  );
  const writer = db.bulkWriter();
  for (let i = 0; i < messages; i += 1) {
    const attachment =
      i < ATTACHMENTS
        ? { attachment: { storagePath: attachmentPath(i), fileName: `file-${i}.txt`, fileType: "text/plain", size: 12 } }
        : {};
    void writer.set(db.doc(`teams/${TEAM_ID}/channels/${channelId}/messages/m${i}`), {
      senderId: OWNER,
      senderName: "Owner",
      text: `message ${i}`,
      createdAt: now,
      ...attachment,
    });
  }
  void writer.set(db.doc(`teams/${TEAM_ID}/channels/${channelId}/typing/${OWNER}`), { userName: "Owner", expiresAt: now });
  await writer.close();
}

describe("chat: deleting a channel bigger than a page (Cloud Tasks)", function () {
  // Hundreds of message triggers and task pages on a shared 2-core machine: minutes, not seconds.
  this.timeout(420_000);

  before(() => discoverEmulators(["tasks", "storage"]));
  useEmptyEmulators({ storage: true });
  beforeEach(() => {
    channelCount += 1;
    channelId = `bulk-${channelCount}`;
  });

  it("removes messages, typing, read markers and attachments in pages, and the message triggers do no work", async () => {
    await seedChannel();
    const messageTriggersBefore = await finishedRuns("chat-onMessageDeleted");

    await adminDb().doc(`teams/${TEAM_ID}/channels/${channelId}`).delete();

    const pages = await eventually(
      "the channel's last page",
      async () => {
        const logged = ((await loggedEvents("chat.channelDeletionPage")) as unknown as PageLog[]).filter(
          (page) => page.teamId === TEAM_ID && page.channelId === channelId,
        );
        return logged.some((page) => page.done) ? logged : null;
      },
      300_000,
    );
    expect(pages.map((page) => page.page)).to.deep.equal([0, 1]);
    expect(pages.map((page) => page.documents)).to.deep.equal([DELETION_PAGE_SIZE, MESSAGES + 1 - DELETION_PAGE_SIZE]);
    expect(pages.map((page) => page.files)).to.deep.equal([0, ATTACHMENTS]);

    const channel = adminDb().doc(`teams/${TEAM_ID}/channels/${channelId}`);
    expect((await channel.collection("messages").count().get()).data().count).to.equal(0);
    expect((await channel.collection("typing").count().get()).data().count).to.equal(0);
    expect((await adminDb().doc(`teams/${TEAM_ID}/members/${OWNER}/reads/${channelId}`).get()).exists).to.equal(false);
    expect((await adminBucket().getFiles({ prefix: `teams/${TEAM_ID}/chat/${channelId}/` }))[0]).to.have.length(0);
    expect((await adminDb().doc(`teams/${TEAM_ID}/channels/general/messages/kept`).get()).exists).to.equal(true);

    // Every message's delete trigger has run (Firestore fires one per deleted document) ...
    await eventually(
      "every message trigger finished",
      async () => (await finishedRuns("chat-onMessageDeleted")) - messageTriggersBefore >= MESSAGES,
      300_000,
    );
    // ... and none of them deleted a file one by one: the job removed them by prefix.
    const oneByOne = (await loggedEvents("chat.attachmentDeleted")).filter((event) => String(event.path).startsWith(`teams/${TEAM_ID}/`));
    expect(oneByOne).to.deep.equal([]);
  });

  it("still deletes a single message's attachment while its channel exists", async () => {
    await seedChannel(FEW_MESSAGES);
    await adminDb().doc(`teams/${TEAM_ID}/channels/${channelId}/messages/m3`).delete();
    await eventually("the attachment deleted", async () => !(await adminBucket().file(attachmentPath(3)).exists())[0], 60_000);
    expect((await adminBucket().file(attachmentPath(4)).exists())[0], "other attachments stay").to.equal(true);
  });

  it("drops a malformed page task and deletes nothing", async () => {
    await seedChannel(FEW_MESSAGES);
    const badBefore = (await loggedEvents("chat.channelDeletionBadTask")).length;

    const queue = getFunctions(tasksApp()).taskQueue("locations/us-central1/functions/chat-deleteChannelPage");
    await queue.enqueue({ teamId: TEAM_ID, channelId: "", run: "x", page: 0 });

    await eventually("the bad task logged", async () => (await loggedEvents("chat.channelDeletionBadTask")).length > badBefore, 60_000);
    const messages = adminDb().collection(`teams/${TEAM_ID}/channels/${channelId}/messages`);
    expect((await messages.count().get()).data().count).to.equal(FEW_MESSAGES);
    expect((await adminBucket().file(attachmentPath(0)).exists())[0]).to.equal(true);
  });
});
