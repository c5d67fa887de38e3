import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { castTeams } from "../helpers/cast.js";
import { clearAndSeed, expectAllowed, expectDenied, firestoreAs, seed } from "../helpers/rules.js";

const usage = () => ({ bytes: 1024, limit: 1024 * 1024 * 1024, updatedAt: Timestamp.now() });
const path = "teams/team-a/usage/storage";

describe("rules: teams/{teamId}/usage/storage (the team's Storage byte counter)", () => {
  beforeEach(() => clearAndSeed({ ...castTeams(), [path]: usage(), "teams/team-a/usage/other": usage() }));

  it("lets every member of the team read the counter", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("alice"), path)));
    await expectAllowed(getDoc(doc(await firestoreAs("carol"), path)));
  });

  it("denies a member of another team, a signed-out caller, listing, and other documents of usage/", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("erin"), path)));
    await expectDenied(getDoc(doc(await firestoreAs(null), path)));
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
