import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, rulesEnv, seed } from "../helpers/rules.js";

const at = Timestamp.fromDate(new Date("2026-01-01T00:00:00Z"));

describe("rules: teams/{teamId}/members/{uid}", () => {
  beforeEach(async () => {
    const env = await rulesEnv();
    await env.clearFirestore();
    await seed({
      "teams/t1": { name: "Team One", ownerId: "alice", memberIds: ["alice", "bob"], createdAt: at },
      "teams/t1/members/alice": { role: "owner", name: "Alice", email: "alice@example.test", joinedAt: at },
      "teams/t1/members/bob": { role: "member", name: "Bob", email: "bob@example.test", joinedAt: at },
    });
  });

  const as = async (uid: string) => (await rulesEnv()).authenticatedContext(uid).firestore();

  it("lets a member read another member", async () => {
    await expectAllowed(getDoc(doc(await as("bob"), "teams/t1/members/alice")));
  });

  it("lets a member list the members", async () => {
    await expectAllowed(getDocs(collection(await as("bob"), "teams/t1/members")));
  });

  it("denies a non-member reading or listing members", async () => {
    await expectDenied(getDoc(doc(await as("carol"), "teams/t1/members/alice")));
    await expectDenied(getDocs(collection(await as("carol"), "teams/t1/members")));
  });

  it("denies a signed-out reader", async () => {
    const db = (await rulesEnv()).unauthenticatedContext().firestore();
    await expectDenied(getDocs(collection(db, "teams/t1/members")));
  });

  it("denies a member promoting themselves", async () => {
    await expectDenied(updateDoc(doc(await as("bob"), "teams/t1/members/bob"), { role: "admin" }));
  });

  it("denies the owner writing memberships directly", async () => {
    const db = await as("alice");
    await expectDenied(setDoc(doc(db, "teams/t1/members/carol"), { role: "member", name: "Carol", email: null, joinedAt: at }));
    await expectDenied(deleteDoc(doc(db, "teams/t1/members/bob")));
  });

  it("denies a non-member adding themselves", async () => {
    await expectDenied(setDoc(doc(await as("carol"), "teams/t1/members/carol"), { role: "owner", name: "Carol", email: null, joinedAt: at }));
  });
});
