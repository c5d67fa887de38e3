import { Timestamp, collection, deleteDoc, doc, getDocs, setDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, firestoreAs, type RulesDb, rulesEnv } from "../helpers/rules.js";
import { DM, OTHER_TEAM, PRIVATE, TEAM, channelPath, seedChatWorld } from "./fixtures.js";

const typingDoc = (db: RulesDb, channelId: string, uid: string) => doc(db, `${channelPath(channelId)}/typing/${uid}`);
const typingOf = (db: RulesDb, channelId: string) => collection(db, `${channelPath(channelId)}/typing`);
const inSeconds = (seconds: number) => Timestamp.fromMillis(Date.now() + seconds * 1000);

describe("rules: teams/{teamId}/channels/{channelId}/typing/{uid}", () => {
  beforeEach(() => seedChatWorld());

  it("lets a channel member see who is typing", async () => {
    await expectAllowed(getDocs(typingOf(await firestoreAs("bob"), "general")));
    await expectAllowed(getDocs(typingOf(await firestoreAs("alice"), PRIVATE)));
  });

  it("denies a teammate outside the private channel and a member of another team", async () => {
    await expectDenied(getDocs(typingOf(await firestoreAs("bob"), PRIVATE)));
    await expectDenied(getDocs(typingOf(await firestoreAs("erin"), "general")));
  });

  it("lets a member announce their own typing up to 10 seconds ahead, and refresh it", async () => {
    const db = await firestoreAs("bob");
    await expectAllowed(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: inSeconds(5) }));
    await expectAllowed(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: inSeconds(6) }));
    await expectAllowed(setDoc(typingDoc(await firestoreAs("carol"), DM, "carol"), { userName: "Carol", expiresAt: inSeconds(5) }));
  });

  it("denies typing for someone else, whether their document exists or not", async () => {
    await expectDenied(setDoc(typingDoc(await firestoreAs("bob"), "general", "alice"), { userName: "Alice", expiresAt: inSeconds(5) }));
    await expectDenied(setDoc(typingDoc(await firestoreAs("bob"), "general", "carol"), { userName: "Carol", expiresAt: inSeconds(5) }));
  });

  it("denies a userName other than the typist's name in the team", async () => {
    const db = await firestoreAs("bob");
    await expectDenied(setDoc(typingDoc(db, "general", "bob"), { userName: "Alice", expiresAt: inSeconds(5) }));
    await expectDenied(setDoc(typingDoc(db, "general", "bob"), { userName: "bob", expiresAt: inSeconds(5) }));
    await expectAllowed(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: inSeconds(5) }));
    const env = await rulesEnv();
    await env.withSecurityRulesDisabled((ctx) =>
      setDoc(doc(ctx.firestore(), `teams/${TEAM}/members/bob`), {
        role: "admin",
        name: "Robert",
        email: "bob@example.test",
        joinedAt: Timestamp.now(),
      }),
    );
    await expectDenied(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: inSeconds(6) }));
    await expectAllowed(setDoc(typingDoc(db, "general", "bob"), { userName: "Robert", expiresAt: inSeconds(6) }));
  });

  it("denies an expiry more than 10 seconds ahead", async () => {
    const db = await firestoreAs("bob");
    await expectDenied(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: inSeconds(30) }));
    await expectAllowed(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: inSeconds(9) }));
    await expectDenied(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: inSeconds(30) }));
  });

  it("denies typing in a channel one cannot see", async () => {
    await expectDenied(setDoc(typingDoc(await firestoreAs("bob"), PRIVATE, "bob"), { userName: "Bob", expiresAt: inSeconds(5) }));
    await expectDenied(setDoc(typingDoc(await firestoreAs("erin"), "general", "erin"), { userName: "Erin", expiresAt: inSeconds(5) }));
    await expectDenied(
      setDoc(doc(await firestoreAs("alice"), `${channelPath("general", OTHER_TEAM)}/typing/alice`), {
        userName: "Alice",
        expiresAt: inSeconds(5),
      }),
    );
  });

  it("denies a missing userName, a non-timestamp expiry and extra fields", async () => {
    const db = await firestoreAs("bob");
    await expectDenied(setDoc(typingDoc(db, "general", "bob"), { expiresAt: inSeconds(5) }));
    await expectDenied(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: Date.now() + 5000 }));
    await expectDenied(setDoc(typingDoc(db, "general", "bob"), { userName: "Bob", expiresAt: inSeconds(5), channel: "general" }));
  });

  it("lets a user delete their own typing document but not someone else's", async () => {
    await expectAllowed(deleteDoc(typingDoc(await firestoreAs("alice"), "general", "alice")));
    await expectDenied(deleteDoc(typingDoc(await firestoreAs("alice"), PRIVATE, "carol")));
  });
});
