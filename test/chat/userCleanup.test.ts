import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { chatUserCleanup } from "../../functions/src/chat/cleanup.js";
import { adminDb } from "../helpers/admin.js";
import { clearEmulatorData } from "../helpers/emulators.js";
import { useFunctionsEnv } from "../helpers/functionsEnv.js";

const TEAM = "team-with-many-channels";
const LEAVER = "leaver";
const CHANNELS = 620;
/**
 * Channels seeded with their document; the others exist only as the path of their typing
 * documents, which the cleanup finds all the same (it lists the channel ids with
 * `listDocuments`). 620 channel documents would be 620 `chat-onChannelDeleted` runs when the
 * next file's clear deletes them, beside that file's tests.
 */
const CHANNEL_DOCUMENTS = 20;

describe("chat: a deleted user's chat state (handler level)", function () {
  this.timeout(120_000);
  useFunctionsEnv();
  beforeEach(clearEmulatorData);

  it("removes their typing documents from more channels than one batch can delete", async () => {
    const db = adminDb();
    const expiresAt = Timestamp.fromMillis(Date.now() + 10_000);
    for (let start = 0; start < CHANNELS; start += 200) {
      const batch = db.batch();
      for (let i = start; i < Math.min(start + 200, CHANNELS); i++) {
        const channel = db.doc(`teams/${TEAM}/channels/c${i}`);
        if (i < CHANNEL_DOCUMENTS) {
          batch.set(channel, { name: `c${i}`, isDirectMessage: false, memberIds: [], createdBy: LEAVER, createdAt: Timestamp.now() });
        }
        batch.set(channel.collection("typing").doc(LEAVER), { userName: "Leaver", expiresAt });
        batch.set(channel.collection("typing").doc("stayer"), { userName: "Stayer", expiresAt });
      }
      await batch.commit();
    }

    await chatUserCleanup.run({ uid: LEAVER, teamIds: [TEAM] });

    const typing = await db.collectionGroup("typing").get();
    expect(typing.docs.filter((doc) => doc.id === LEAVER)).to.have.length(0);
    expect(typing.docs.filter((doc) => doc.id === "stayer")).to.have.length(CHANNELS);
  });
});
