import {
  Timestamp,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
} from "firebase/firestore";
import { expect } from "chai";
import { deleteSeeded, expectAllowed, expectDenied, firestoreAs, type RulesDb } from "../helpers/rules.js";
import { DM, DOOMED_PRIVATE, DOOMED_PUBLIC, OTHER_TEAM, PRIVATE, TEAM, channelPath, seedChatWorld } from "./fixtures.js";

const channels = (db: RulesDb, team = TEAM) => collection(db, `teams/${team}/channels`);

function publicChannel(name: string, createdBy: string) {
  return { name, isDirectMessage: false, memberIds: [] as string[], createdBy, createdAt: serverTimestamp() };
}
function privateChannel(name: string, createdBy: string, memberIds: string[]) {
  return { name, isDirectMessage: false, memberIds, createdBy, createdAt: serverTimestamp() };
}
function directMessage(createdBy: string, memberIds: string[]) {
  return { name: memberIds.join(", "), isDirectMessage: true, memberIds, createdBy, createdAt: serverTimestamp() };
}
/** A fresh Firestore auto-id, the id format of private channels. */
const autoId = (db: RulesDb) => doc(channels(db)).id;

describe("rules: teams/{teamId}/channels/{channelId}", () => {
  beforeEach(() => seedChatWorld());

  describe("reading", () => {
    it("lets a team member read a public channel", async () => {
      await expectAllowed(getDoc(doc(await firestoreAs("bob"), channelPath("general"))));
    });

    it("denies a member of another team", async () => {
      await expectDenied(getDoc(doc(await firestoreAs("erin"), channelPath("general"))));
    });

    it("denies a signed-in user without a team and a signed-out reader", async () => {
      await expectDenied(getDoc(doc(await firestoreAs("dave"), channelPath("general"))));
      const anonymous = await firestoreAs(null);
      await expectDenied(getDoc(doc(anonymous, channelPath("general"))));
    });

    it("lets the members of a private channel and a DM read them", async () => {
      await expectAllowed(getDoc(doc(await firestoreAs("carol"), channelPath(PRIVATE))));
      await expectAllowed(getDoc(doc(await firestoreAs("alice"), channelPath(DM))));
    });

    it("denies a team admin who is not in the private channel or the DM", async () => {
      await expectDenied(getDoc(doc(await firestoreAs("bob"), channelPath(PRIVATE))));
      await expectDenied(getDoc(doc(await firestoreAs("bob"), channelPath(DM))));
    });

    it("lets a member learn that a DM does not exist yet, and denies an outsider", async () => {
      const missing = await expectAllowed(getDoc(doc(await firestoreAs("bob"), channelPath("dm_bob_carol"))));
      expect(missing.exists()).to.equal(false);
      await expectDenied(getDoc(doc(await firestoreAs("erin"), channelPath("dm_bob_carol"))));
    });

    it("lets a member list the public channels and the channels they belong to", async () => {
      const bobPublic = await expectAllowed(getDocs(query(channels(await firestoreAs("bob")), where("memberIds", "==", []))));
      expect(bobPublic.docs.map((d) => d.id).sort()).to.deep.equal(["general", DOOMED_PUBLIC, "random"]);
      const carolOwn = await expectAllowed(
        getDocs(query(channels(await firestoreAs("carol")), where("memberIds", "array-contains", "carol"))),
      );
      expect(carolOwn.docs.map((d) => d.id).sort()).to.deep.equal([PRIVATE, DOOMED_PRIVATE, DM].sort());
    });

    it("denies listing every channel of the team, or another user's channels", async () => {
      await expectDenied(getDocs(channels(await firestoreAs("bob"))));
      await expectDenied(getDocs(query(channels(await firestoreAs("bob")), where("memberIds", "array-contains", "carol"))));
    });

    it("denies listing another team's channels", async () => {
      await expectDenied(getDocs(query(channels(await firestoreAs("erin")), where("memberIds", "==", []))));
    });

    it("denies a removed member at once", async () => {
      await deleteSeeded(`teams/${TEAM}/members/carol`);
      await expectDenied(getDoc(doc(await firestoreAs("carol"), channelPath(PRIVATE))));
      await expectDenied(getDocs(query(channels(await firestoreAs("carol")), where("memberIds", "array-contains", "carol"))));
    });
  });

  describe("creating a public channel", () => {
    it("lets a member create one whose id is the lowercased name", async () => {
      await expectAllowed(setDoc(doc(await firestoreAs("carol"), channelPath("launch week")), publicChannel("Launch Week", "carol")));
    });

    it("denies an id that is not the lowercased name", async () => {
      await expectDenied(setDoc(doc(await firestoreAs("carol"), channelPath("launch")), publicChannel("Launch Week", "carol")));
    });

    it("denies a name that already exists (the id is taken)", async () => {
      await expectDenied(setDoc(doc(await firestoreAs("carol"), channelPath("random")), publicChannel("Random", "carol")));
    });

    it("denies a non-member and a member of another team", async () => {
      await expectDenied(setDoc(doc(await firestoreAs("dave"), channelPath("news")), publicChannel("news", "dave")));
      await expectDenied(setDoc(doc(await firestoreAs("erin"), channelPath("news")), publicChannel("news", "erin")));
    });

    it("denies a spoofed creator and a client-chosen createdAt", async () => {
      await expectDenied(setDoc(doc(await firestoreAs("carol"), channelPath("news")), publicChannel("news", "alice")));
      await expectDenied(
        setDoc(doc(await firestoreAs("carol"), channelPath("news")), { ...publicChannel("news", "carol"), createdAt: Timestamp.now() }),
      );
    });

    it("denies a client lastMessageAt (last activity is derived from the messages), extra fields and missing fields", async () => {
      const db = await firestoreAs("carol");
      await expectDenied(setDoc(doc(db, channelPath("news")), { ...publicChannel("news", "carol"), lastMessageAt: serverTimestamp() }));
      await expectDenied(setDoc(doc(db, channelPath("news")), { ...publicChannel("news", "carol"), topic: "x" }));
      await expectDenied(
        setDoc(doc(db, channelPath("news")), { name: "news", isDirectMessage: false, createdBy: "carol", createdAt: serverTimestamp() }),
      );
    });

    it("denies channel names with control, bidi or invisible characters (public, private and DM)", async () => {
      const db = await firestoreAs("carol");
      for (const name of ["news\nflash", "news\u202E", "ne\u200Bws", "\u3164"]) {
        await expectDenied(setDoc(doc(db, channelPath(name.toLowerCase())), publicChannel(name, "carol")));
        await expectDenied(setDoc(doc(db, channelPath(autoId(db))), privateChannel(name, "carol", ["carol"])));
      }
      const aliceDb = await firestoreAs("alice");
      await expectDenied(
        setDoc(doc(aliceDb, channelPath("dm_alice_bob")), { ...directMessage("alice", ["alice", "bob"]), name: "alice\u202E, bob" }),
      );
      await expectAllowed(setDoc(doc(aliceDb, channelPath("dm_alice_bob")), directMessage("alice", ["alice", "bob"])));
      await expectAllowed(setDoc(doc(db, channelPath("nouvelles été")), publicChannel("Nouvelles été", "carol")));
    });

    it("denies an empty or over-long name, padding, a dm_ name and a public channel with members", async () => {
      const db = await firestoreAs("carol");
      await expectDenied(setDoc(doc(db, channelPath("x".repeat(51))), publicChannel("x".repeat(51), "carol")));
      await expectDenied(setDoc(doc(db, channelPath(" news")), publicChannel(" news", "carol")));
      await expectDenied(setDoc(doc(db, channelPath("dm_alice_bob")), publicChannel("dm_alice_bob", "carol")));
      await expectDenied(setDoc(doc(db, channelPath("news")), { ...publicChannel("news", "carol"), memberIds: ["carol"] }));
      await expectDenied(setDoc(doc(db, channelPath("news")), { ...publicChannel("news", "carol"), isDirectMessage: true }));
      await expectAllowed(setDoc(doc(db, channelPath("x".repeat(50))), publicChannel("x".repeat(50), "carol")));
    });
  });

  describe("creating a private channel", () => {
    it("lets a member create one with an auto-id and team members", async () => {
      const db = await firestoreAs("bob");
      await expectAllowed(setDoc(doc(db, channelPath(autoId(db))), privateChannel("Budget", "bob", ["bob", "carol"])));
    });

    it("denies a private channel that leaves out its creator", async () => {
      const db = await firestoreAs("bob");
      await expectDenied(setDoc(doc(db, channelPath(autoId(db))), privateChannel("Budget", "bob", ["carol"])));
    });

    it("denies members from outside the team and duplicate members", async () => {
      const db = await firestoreAs("bob");
      await expectDenied(setDoc(doc(db, channelPath(autoId(db))), privateChannel("Budget", "bob", ["bob", "erin"])));
      await expectDenied(setDoc(doc(db, channelPath(autoId(db))), privateChannel("Budget", "bob", ["bob", "bob"])));
    });

    it("denies a private channel under a name-like id (names stay free for public channels)", async () => {
      await expectDenied(setDoc(doc(await firestoreAs("bob"), channelPath("budget")), privateChannel("budget", "bob", ["bob"])));
    });
  });

  describe("creating a direct message", () => {
    it("lets a member open a DM with a teammate under the sorted id", async () => {
      await expectAllowed(setDoc(doc(await firestoreAs("carol"), channelPath("dm_bob_carol")), directMessage("carol", ["bob", "carol"])));
    });

    it("denies unsorted ids and an id that does not match the members", async () => {
      const db = await firestoreAs("carol");
      await expectDenied(setDoc(doc(db, channelPath("dm_carol_bob")), directMessage("carol", ["carol", "bob"])));
      await expectDenied(setDoc(doc(db, channelPath("dm_alice_bob")), directMessage("carol", ["bob", "carol"])));
    });

    it("denies a DM between two other people", async () => {
      await expectDenied(setDoc(doc(await firestoreAs("carol"), channelPath("dm_alice_bob")), directMessage("carol", ["alice", "bob"])));
    });

    it("denies a DM with someone outside the team", async () => {
      await expectDenied(setDoc(doc(await firestoreAs("carol"), channelPath("dm_carol_erin")), directMessage("carol", ["carol", "erin"])));
    });

    it("denies a DM with oneself and a DM not flagged as such", async () => {
      const db = await firestoreAs("carol");
      await expectDenied(setDoc(doc(db, channelPath("dm_carol_carol")), directMessage("carol", ["carol", "carol"])));
      await expectDenied(
        setDoc(doc(db, channelPath("dm_bob_carol")), { ...directMessage("carol", ["bob", "carol"]), isDirectMessage: false }),
      );
    });
  });

  describe("updating and deleting", () => {
    it("denies every client update, lastMessageAt included", async () => {
      await expectDenied(updateDoc(doc(await firestoreAs("alice"), channelPath("random")), { lastMessageAt: serverTimestamp() }));
      await expectDenied(updateDoc(doc(await firestoreAs("carol"), channelPath("random")), { name: "Random" }));
    });

    it("lets the creator delete their channel", async () => {
      await expectAllowed(deleteDoc(doc(await firestoreAs("carol"), channelPath(DOOMED_PUBLIC))));
    });

    it("lets the owner delete another member's channel", async () => {
      await expectAllowed(deleteDoc(doc(await firestoreAs("alice"), channelPath(DOOMED_PUBLIC))));
    });

    it("lets an admin delete another member's private channel, even one they are not in", async () => {
      await expectAllowed(deleteDoc(doc(await firestoreAs("bob"), channelPath(DOOMED_PRIVATE))));
    });

    it("denies a plain member deleting someone else's channel", async () => {
      await expectDenied(deleteDoc(doc(await firestoreAs("carol"), channelPath(DM))));
      await expectDenied(deleteDoc(doc(await firestoreAs("carol"), channelPath("general"))));
    });

    it("denies deleting general, even for the owner", async () => {
      await expectDenied(deleteDoc(doc(await firestoreAs("alice"), channelPath("general"))));
    });

    it("denies the owner of another team, who may delete their own team's channels", async () => {
      await expectDenied(deleteDoc(doc(await firestoreAs("erin"), channelPath(DOOMED_PUBLIC))));
      await expectAllowed(setDoc(doc(await firestoreAs("erin"), channelPath("news", OTHER_TEAM)), publicChannel("news", "erin")));
      await expectAllowed(deleteDoc(doc(await firestoreAs("erin"), channelPath("news", OTHER_TEAM))));
    });
  });
});
