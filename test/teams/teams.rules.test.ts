import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from "firebase/firestore";
import { expectAllowed, expectDenied, rulesEnv, seed } from "../helpers/rules.js";

const at = Timestamp.fromDate(new Date("2026-01-01T00:00:00Z"));

describe("rules: teams/{teamId}", () => {
  beforeEach(async () => {
    const env = await rulesEnv();
    await env.clearFirestore();
    await seed({
      "teams/t1": { name: "Team One", ownerId: "alice", memberIds: ["alice", "bob"], createdAt: at },
      "teams/t1/members/alice": { role: "owner", name: "Alice", email: "alice@example.test", joinedAt: at },
      "teams/t1/members/bob": { role: "member", name: "Bob", email: "bob@example.test", joinedAt: at },
      "teams/t2": { name: "Team Two", ownerId: "carol", memberIds: ["carol"], createdAt: at },
      "teams/t2/members/carol": { role: "owner", name: "Carol", email: "carol@example.test", joinedAt: at },
    });
  });

  const as = async (uid: string) => (await rulesEnv()).authenticatedContext(uid).firestore();

  it("lets a member read the team", async () => {
    await expectAllowed(getDoc(doc(await as("bob"), "teams/t1")));
  });

  it("denies a non-member reading the team", async () => {
    await expectDenied(getDoc(doc(await as("carol"), "teams/t1")));
  });

  it("denies a signed-out reader", async () => {
    const db = (await rulesEnv()).unauthenticatedContext().firestore();
    await expectDenied(getDoc(doc(db, "teams/t1")));
  });

  it("lets a user list the teams whose memberIds contain them", async () => {
    await expectAllowed(getDocs(query(collection(await as("bob"), "teams"), where("memberIds", "array-contains", "bob"))));
  });

  it("denies listing teams without the memberIds filter, or filtered on someone else", async () => {
    await expectDenied(getDocs(collection(await as("bob"), "teams")));
    await expectDenied(getDocs(query(collection(await as("bob"), "teams"), where("memberIds", "array-contains", "carol"))));
  });

  it("denies the owner renaming the team directly (teams-update does it)", async () => {
    await expectDenied(updateDoc(doc(await as("alice"), "teams/t1"), { name: "Renamed" }));
  });

  it("denies a member adding themselves to another team's memberIds", async () => {
    await expectDenied(updateDoc(doc(await as("bob"), "teams/t2"), { memberIds: ["carol", "bob"] }));
  });

  it("denies creating a team from a client", async () => {
    await expectDenied(setDoc(doc(await as("bob"), "teams/t3"), { name: "Mine", ownerId: "bob", memberIds: ["bob"], createdAt: at }));
  });

  it("denies the owner deleting the team", async () => {
    await expectDenied(deleteDoc(doc(await as("alice"), "teams/t1")));
  });
});
