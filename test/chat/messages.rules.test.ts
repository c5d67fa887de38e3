import {
  Timestamp,
  addDoc,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  serverTimestamp,
  updateDoc,
} from "firebase/firestore";
import { NAMES } from "../helpers/cast.js";
import { deleteSeeded, expectAllowed, expectDenied, firestoreAs, type RulesDb, rulesEnv } from "../helpers/rules.js";
import { DM, OTHER_TEAM, PRIVATE, TEAM, channelPath, seedChatWorld } from "./fixtures.js";

const messages = (db: RulesDb, channelId: string, team = TEAM) => collection(db, `${channelPath(channelId, team)}/messages`);
const history = (db: RulesDb, channelId: string) => query(messages(db, channelId), orderBy("createdAt", "desc"), limit(50));

function textMessage(senderId: string, text = "hello team") {
  return { senderId, senderName: NAMES[senderId] ?? senderId, text, createdAt: serverTimestamp() };
}

function attachment(channelId: string, uid: string, fileName = "brief.pdf") {
  return { storagePath: `teams/${TEAM}/chat/${channelId}/${uid}/${fileName}`, fileName, fileType: "application/pdf", size: 2048 };
}

describe("rules: teams/{teamId}/channels/{channelId}/messages/{id}", () => {
  beforeEach(() => seedChatWorld());

  describe("reading", () => {
    it("lets a team member read a public channel's history", async () => {
      await expectAllowed(getDocs(history(await firestoreAs("bob"), "general")));
      await expectAllowed(getDoc(doc(messages(await firestoreAs("carol"), "general"), "m-alice")));
    });

    it("lets the members of a private channel and a DM read them", async () => {
      await expectAllowed(getDocs(history(await firestoreAs("alice"), PRIVATE)));
      await expectAllowed(getDocs(history(await firestoreAs("carol"), DM)));
    });

    it("denies a teammate who is not in the private channel or the DM", async () => {
      await expectDenied(getDocs(history(await firestoreAs("bob"), PRIVATE)));
      await expectDenied(getDoc(doc(messages(await firestoreAs("bob"), DM), "m-carol")));
    });

    it("denies a member of another team and a user without a team", async () => {
      await expectDenied(getDocs(history(await firestoreAs("erin"), "general")));
      await expectDenied(getDocs(history(await firestoreAs("dave"), "general")));
    });

    it("denies a removed member at once", async () => {
      await deleteSeeded(`teams/${TEAM}/members/carol`);
      await expectDenied(getDocs(history(await firestoreAs("carol"), PRIVATE)));
      await expectDenied(getDocs(history(await firestoreAs("carol"), "general")));
    });
  });

  describe("sending", () => {
    it("lets a member send a text message as themself", async () => {
      await expectAllowed(addDoc(messages(await firestoreAs("bob"), "general"), textMessage("bob")));
    });

    it("lets a member of a private channel and of a DM send", async () => {
      await expectAllowed(addDoc(messages(await firestoreAs("alice"), PRIVATE), textMessage("alice")));
      await expectAllowed(addDoc(messages(await firestoreAs("carol"), DM), textMessage("carol")));
    });

    it("denies a teammate who is not in the private channel or the DM", async () => {
      await expectDenied(addDoc(messages(await firestoreAs("bob"), PRIVATE), textMessage("bob")));
      await expectDenied(addDoc(messages(await firestoreAs("bob"), DM), textMessage("bob")));
    });

    it("denies a member of another team and a user without a team", async () => {
      await expectDenied(addDoc(messages(await firestoreAs("erin"), "general"), textMessage("erin")));
      await expectDenied(addDoc(messages(await firestoreAs("dave"), "general"), textMessage("dave")));
    });

    it("denies sending to a channel that does not exist", async () => {
      await expectDenied(addDoc(messages(await firestoreAs("bob"), "nowhere"), textMessage("bob")));
    });

    it("denies a spoofed sender", async () => {
      await expectDenied(addDoc(messages(await firestoreAs("bob"), "general"), textMessage("alice")));
    });

    it("denies a senderName other than the sender's name in the team (posing as the owner)", async () => {
      const db = await firestoreAs("bob");
      await expectDenied(addDoc(messages(db, "general"), { ...textMessage("bob"), senderName: NAMES.alice }));
      await expectDenied(addDoc(messages(db, "general"), { ...textMessage("bob"), senderName: `${NAMES.bob} ` }));
      await expectDenied(addDoc(messages(db, "general"), { ...textMessage("bob"), senderName: "bob" }));
      await expectAllowed(addDoc(messages(db, "general"), { ...textMessage("bob"), senderName: NAMES.bob }));
    });

    it("follows a rename of the member: the new name is required, the old one refused", async () => {
      const env = await rulesEnv();
      await env.withSecurityRulesDisabled((ctx) => updateDoc(doc(ctx.firestore(), `teams/${TEAM}/members/bob`), { name: "Robert" }));
      const db = await firestoreAs("bob");
      await expectDenied(addDoc(messages(db, "general"), textMessage("bob")));
      await expectAllowed(addDoc(messages(db, "general"), { ...textMessage("bob"), senderName: "Robert" }));
    });

    it("denies a spoofed time", async () => {
      const spoofed = { ...textMessage("bob"), createdAt: Timestamp.fromDate(new Date("2020-01-01T00:00:00Z")) };
      await expectDenied(addDoc(messages(await firestoreAs("bob"), "general"), spoofed));
    });

    it("accepts 4,000 characters of text and denies 4,001", async () => {
      const db = await firestoreAs("bob");
      await expectAllowed(addDoc(messages(db, "general"), textMessage("bob", "x".repeat(4000))));
      await expectDenied(addDoc(messages(db, "general"), textMessage("bob", "x".repeat(4001))));
    });

    it("denies an empty or blank text and a message with neither text nor attachment", async () => {
      const db = await firestoreAs("bob");
      await expectDenied(addDoc(messages(db, "general"), textMessage("bob", "")));
      await expectDenied(addDoc(messages(db, "general"), textMessage("bob", "   ")));
      await expectDenied(addDoc(messages(db, "general"), { senderId: "bob", senderName: NAMES.bob, createdAt: serverTimestamp() }));
    });

    it("denies a missing or empty senderName and unknown fields", async () => {
      const db = await firestoreAs("bob");
      await expectDenied(addDoc(messages(db, "general"), { senderId: "bob", text: "hi", createdAt: serverTimestamp() }));
      await expectDenied(addDoc(messages(db, "general"), { ...textMessage("bob"), senderName: "" }));
      await expectDenied(addDoc(messages(db, "general"), { ...textMessage("bob"), reactions: {} }));
    });

    it("lets a member attach a file from their own folder of the channel, with or without text", async () => {
      const db = await firestoreAs("alice");
      await expectAllowed(addDoc(messages(db, PRIVATE), { ...textMessage("alice"), attachment: attachment(PRIVATE, "alice") }));
      const { text: _text, ...withoutText } = { ...textMessage("alice"), attachment: attachment(PRIVATE, "alice") };
      await expectAllowed(addDoc(messages(db, PRIVATE), withoutText));
    });

    it("denies an attachment path outside the channel's folder", async () => {
      const db = await firestoreAs("alice");
      const send = (storagePath: string) =>
        addDoc(messages(db, PRIVATE), { ...textMessage("alice"), attachment: { ...attachment(PRIVATE, "alice"), storagePath } });
      await expectDenied(send(`teams/${TEAM}/chat/general/alice/brief.pdf`));
      await expectDenied(send(`teams/${TEAM}/chat/${PRIVATE}/carol/brief.pdf`));
      await expectDenied(send(`teams/${OTHER_TEAM}/chat/${PRIVATE}/alice/brief.pdf`));
      await expectDenied(send(`teams/${TEAM}/library/asset/brief.pdf`));
      await expectDenied(send(`teams/${TEAM}/chat/${PRIVATE}/alice/`));
      await expectDenied(send(`teams/${TEAM}/chat/${PRIVATE}/alice/sub/brief.pdf`));
    });

    it("denies an attachment over 25 MiB, with a wrong size type or with missing fields", async () => {
      const db = await firestoreAs("alice");
      const send = (extra: Record<string, unknown>) =>
        addDoc(messages(db, PRIVATE), { ...textMessage("alice"), attachment: { ...attachment(PRIVATE, "alice"), ...extra } });
      await expectAllowed(send({ size: 25 * 1024 * 1024 }));
      await expectDenied(send({ size: 25 * 1024 * 1024 + 1 }));
      await expectDenied(send({ size: "2048" }));
      await expectDenied(send({ fileName: "" }));
      await expectDenied(send({ url: "https://example.test/x" }));
      const { fileType: _fileType, ...withoutType } = attachment(PRIVATE, "alice");
      await expectDenied(addDoc(messages(db, PRIVATE), { ...textMessage("alice"), attachment: withoutType }));
    });
  });

  describe("editing and deleting", () => {
    it("denies editing a message, even one's own", async () => {
      await expectDenied(updateDoc(doc(messages(await firestoreAs("alice"), "general"), "m-alice"), { text: "edited" }));
      await expectDenied(updateDoc(doc(messages(await firestoreAs("alice"), "general"), "m-bob"), { text: "edited" }));
    });

    it("lets the sender delete their own message", async () => {
      await expectAllowed(deleteDoc(doc(messages(await firestoreAs("bob"), "general"), "m-bob")));
    });

    it("denies deleting someone else's message, even for the owner", async () => {
      await expectDenied(deleteDoc(doc(messages(await firestoreAs("alice"), "general"), "m-bob")));
      await expectDenied(deleteDoc(doc(messages(await firestoreAs("erin"), "general"), "m-bob")));
    });

    it("denies a sender who is no longer in the team", async () => {
      await deleteSeeded(`teams/${TEAM}/members/bob`);
      await expectDenied(deleteDoc(doc(messages(await firestoreAs("bob"), "general"), "m-bob")));
    });
  });
});
