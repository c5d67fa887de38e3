import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, serverTimestamp, setDoc } from "firebase/firestore";
import { deleteSeeded, expectAllowed, expectDenied, firestoreAs, type RulesDb } from "../helpers/rules.js";
import { DM, PRIVATE, TEAM, seedChatWorld } from "./fixtures.js";

const marker = (db: RulesDb, uid: string, channelId: string, team = TEAM) => doc(db, `teams/${team}/members/${uid}/reads/${channelId}`);

describe("rules: teams/{teamId}/members/{uid}/reads/{channelId}", () => {
  beforeEach(() => seedChatWorld());

  it("lets a member read their own read markers", async () => {
    await expectAllowed(getDoc(marker(await firestoreAs("alice"), "alice", "general")));
    await expectAllowed(getDocs(collection(await firestoreAs("alice"), `teams/${TEAM}/members/alice/reads`)));
  });

  it("denies reading another member's read markers", async () => {
    await expectDenied(getDoc(marker(await firestoreAs("bob"), "alice", "general")));
    await expectDenied(getDocs(collection(await firestoreAs("bob"), `teams/${TEAM}/members/alice/reads`)));
  });

  it("denies a user who is not (or no longer) in the team", async () => {
    await expectDenied(getDoc(marker(await firestoreAs("erin"), "erin", "general")));
    await deleteSeeded(`teams/${TEAM}/members/alice`);
    await expectDenied(getDoc(marker(await firestoreAs("alice"), "alice", "general")));
  });

  it("lets a member mark a channel read at the server time, and move it later", async () => {
    const db = await firestoreAs("bob");
    await expectAllowed(setDoc(marker(db, "bob", "general"), { lastReadAt: serverTimestamp() }));
    await expectAllowed(setDoc(marker(db, "bob", "general"), { lastReadAt: serverTimestamp() }));
    await expectAllowed(setDoc(marker(await firestoreAs("carol"), "carol", DM), { lastReadAt: serverTimestamp() }));
  });

  it("lets a member mark read up to an earlier message's time", async () => {
    await expectAllowed(
      setDoc(marker(await firestoreAs("alice"), "alice", "general"), { lastReadAt: Timestamp.fromMillis(Date.now() - 60_000) }),
    );
  });

  it("denies a read marker in the future", async () => {
    await expectDenied(
      setDoc(marker(await firestoreAs("alice"), "alice", "general"), { lastReadAt: Timestamp.fromMillis(Date.now() + 3_600_000) }),
    );
  });

  it("denies writing another member's read marker", async () => {
    await expectDenied(setDoc(marker(await firestoreAs("bob"), "alice", "general"), { lastReadAt: serverTimestamp() }));
  });

  it("denies a marker for a channel the member cannot see or that does not exist", async () => {
    await expectDenied(setDoc(marker(await firestoreAs("bob"), "bob", PRIVATE), { lastReadAt: serverTimestamp() }));
    await expectDenied(setDoc(marker(await firestoreAs("bob"), "bob", "nowhere"), { lastReadAt: serverTimestamp() }));
  });

  it("denies extra fields and a non-timestamp lastReadAt", async () => {
    const db = await firestoreAs("bob");
    await expectDenied(setDoc(marker(db, "bob", "general"), { lastReadAt: serverTimestamp(), unread: 0 }));
    await expectDenied(setDoc(marker(db, "bob", "general"), { lastReadAt: "yesterday" }));
  });

  it("lets a member delete their own marker but not another's", async () => {
    await expectAllowed(deleteDoc(marker(await firestoreAs("alice"), "alice", "general")));
    await expectDenied(deleteDoc(marker(await firestoreAs("alice"), "carol", "general")));
  });
});
