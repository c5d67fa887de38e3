import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from "firebase/firestore";
import { SEED_TIME, castTeams } from "../helpers/cast.js";
import { clearAndSeed, expectAllowed, expectDenied, firestoreAs } from "../helpers/rules.js";

describe("rules: teams/{teamId}", () => {
  beforeEach(() => clearAndSeed(castTeams("t1", "t2")));

  it("lets a member read the team", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("carol"), "teams/t1")));
  });

  it("denies a non-member reading the team", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("dave"), "teams/t1")));
  });

  it("denies a signed-out reader", async () => {
    await expectDenied(getDoc(doc(await firestoreAs(null), "teams/t1")));
  });

  it("lets a user list the teams whose memberIds contain them", async () => {
    await expectAllowed(getDocs(query(collection(await firestoreAs("carol"), "teams"), where("memberIds", "array-contains", "carol"))));
  });

  it("denies listing teams without the memberIds filter, or filtered on someone else", async () => {
    await expectDenied(getDocs(collection(await firestoreAs("carol"), "teams")));
    await expectDenied(getDocs(query(collection(await firestoreAs("carol"), "teams"), where("memberIds", "array-contains", "erin"))));
  });

  it("denies the owner renaming the team directly (teams-update does it)", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("alice"), "teams/t1"), { name: "Renamed" }));
  });

  it("denies a member adding themselves to another team's memberIds", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("carol"), "teams/t2"), { memberIds: ["erin", "carol"] }));
  });

  it("denies creating a team from a client", async () => {
    await expectDenied(
      setDoc(doc(await firestoreAs("carol"), "teams/t3"), { name: "Mine", ownerId: "carol", memberIds: ["carol"], createdAt: SEED_TIME }),
    );
  });

  it("denies the owner deleting the team", async () => {
    await expectDenied(deleteDoc(doc(await firestoreAs("alice"), "teams/t1")));
  });
});
