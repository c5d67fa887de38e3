import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { SEED_TIME, castTeams } from "../helpers/cast.js";
import { clearAndSeed, expectAllowed, expectDenied, firestoreAs } from "../helpers/rules.js";

describe("rules: teams/{teamId}/members/{uid}", () => {
  beforeEach(() => clearAndSeed(castTeams("t1", "t2")));

  it("lets a member read another member", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("carol"), "teams/t1/members/alice")));
  });

  it("lets a member list the members", async () => {
    await expectAllowed(getDocs(collection(await firestoreAs("carol"), "teams/t1/members")));
  });

  it("denies a non-member reading or listing members", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("dave"), "teams/t1/members/alice")));
    await expectDenied(getDocs(collection(await firestoreAs("dave"), "teams/t1/members")));
  });

  it("denies a signed-out reader", async () => {
    await expectDenied(getDocs(collection(await firestoreAs(null), "teams/t1/members")));
  });

  it("denies a member promoting themselves", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("carol"), "teams/t1/members/carol"), { role: "admin" }));
  });

  it("denies the owner writing memberships directly", async () => {
    const db = await firestoreAs("alice");
    await expectDenied(setDoc(doc(db, "teams/t1/members/dave"), { role: "member", name: "Dave", email: null, joinedAt: SEED_TIME }));
    await expectDenied(deleteDoc(doc(db, "teams/t1/members/carol")));
  });

  it("denies a non-member adding themselves", async () => {
    await expectDenied(
      setDoc(doc(await firestoreAs("dave"), "teams/t1/members/dave"), { role: "owner", name: "Dave", email: null, joinedAt: SEED_TIME }),
    );
  });
});
