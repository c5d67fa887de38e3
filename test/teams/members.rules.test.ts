import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, rulesEnv, seed, firestoreAs } from "../helpers/rules.js";
import { at, teamOne } from "./rulesFixtures.js";

describe("rules: teams/{teamId}/members/{uid}", () => {
  beforeEach(async () => {
    const env = await rulesEnv();
    await env.clearFirestore();
    await seed(teamOne());
  });

  it("lets a member read another member", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("bob"), "teams/t1/members/alice")));
  });

  it("lets a member list the members", async () => {
    await expectAllowed(getDocs(collection(await firestoreAs("bob"), "teams/t1/members")));
  });

  it("denies a non-member reading or listing members", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("carol"), "teams/t1/members/alice")));
    await expectDenied(getDocs(collection(await firestoreAs("carol"), "teams/t1/members")));
  });

  it("denies a signed-out reader", async () => {
    const db = (await rulesEnv()).unauthenticatedContext().firestore();
    await expectDenied(getDocs(collection(db, "teams/t1/members")));
  });

  it("denies a member promoting themselves", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("bob"), "teams/t1/members/bob"), { role: "admin" }));
  });

  it("denies the owner writing memberships directly", async () => {
    const db = await firestoreAs("alice");
    await expectDenied(setDoc(doc(db, "teams/t1/members/carol"), { role: "member", name: "Carol", email: null, joinedAt: at }));
    await expectDenied(deleteDoc(doc(db, "teams/t1/members/bob")));
  });

  it("denies a non-member adding themselves", async () => {
    await expectDenied(
      setDoc(doc(await firestoreAs("carol"), "teams/t1/members/carol"), { role: "owner", name: "Carol", email: null, joinedAt: at }),
    );
  });
});
