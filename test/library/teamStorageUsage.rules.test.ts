import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, firestoreAs, rulesEnv, seed } from "../helpers/rules.js";

const usage = () => ({ bytes: 1024, limit: 1024 * 1024 * 1024, updatedAt: Timestamp.now() });
const path = "teams/team-a/usage/storage";

describe("rules: teams/{teamId}/usage/storage (the team's Storage byte counter)", () => {
  const signedOut = async () => (await rulesEnv()).unauthenticatedContext().firestore();

  beforeEach(async () => {
    await (await rulesEnv()).clearFirestore();
    const joinedAt = Timestamp.now();
    await seed({
      "teams/team-a/members/alice": { role: "owner", name: "alice", email: null, joinedAt },
      "teams/team-a/members/dave": { role: "member", name: "dave", email: null, joinedAt },
      "teams/team-b/members/bob": { role: "owner", name: "bob", email: null, joinedAt },
      [path]: usage(),
      "teams/team-a/usage/other": usage(),
    });
  });

  it("lets every member of the team read the counter", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("alice"), path)));
    await expectAllowed(getDoc(doc(await firestoreAs("dave"), path)));
  });

  it("denies a member of another team, a signed-out caller, listing, and other documents of usage/", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("bob"), path)));
    await expectDenied(getDoc(doc(await signedOut(), path)));
    await expectDenied(getDocs(collection(await firestoreAs("alice"), "teams/team-a/usage")));
    await expectDenied(getDoc(doc(await firestoreAs("alice"), "teams/team-a/usage/other")));
  });

  it("denies every client write, even by the owner", async () => {
    const db = await firestoreAs("alice");
    await expectDenied(updateDoc(doc(db, path), { bytes: 0 }));
    await expectDenied(setDoc(doc(db, path), { ...usage(), limit: 10 ** 12 }));
    await expectDenied(deleteDoc(doc(db, path)));
    await expectDenied(setDoc(doc(db, "teams/team-b/usage/storage"), usage()));
  });

  it("denies reads and writes of the ledger and the token rotation jobs", async () => {
    await seed({ "teams/team-a/storageObjects/x": { name: "n", generation: "1", size: 1, countedAt: Timestamp.now() } });
    const db = await firestoreAs("alice");
    await expectDenied(getDoc(doc(db, "teams/team-a/storageObjects/x")));
    await expectDenied(setDoc(doc(db, "teams/team-a/storageObjects/y"), { size: 0 }));
    await expectDenied(getDocs(collection(db, "teams/team-a/tokenRotations")));
  });
});
