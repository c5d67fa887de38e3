import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from "firebase/firestore";
import { expectAllowed, expectDenied, rulesEnv, seed, firestoreAs } from "../helpers/rules.js";
import { at, teamOne } from "./rulesFixtures.js";

describe("rules: teams/{teamId}", () => {
  beforeEach(async () => {
    const env = await rulesEnv();
    await env.clearFirestore();
    await seed({
      ...teamOne(),
      "teams/t2": { name: "Team Two", ownerId: "carol", memberIds: ["carol"], createdAt: at },
      "teams/t2/members/carol": { role: "owner", name: "Carol", email: "carol@example.test", joinedAt: at },
    });
  });

  it("lets a member read the team", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("bob"), "teams/t1")));
  });

  it("denies a non-member reading the team", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("carol"), "teams/t1")));
  });

  it("denies a signed-out reader", async () => {
    const db = (await rulesEnv()).unauthenticatedContext().firestore();
    await expectDenied(getDoc(doc(db, "teams/t1")));
  });

  it("lets a user list the teams whose memberIds contain them", async () => {
    await expectAllowed(getDocs(query(collection(await firestoreAs("bob"), "teams"), where("memberIds", "array-contains", "bob"))));
  });

  it("denies listing teams without the memberIds filter, or filtered on someone else", async () => {
    await expectDenied(getDocs(collection(await firestoreAs("bob"), "teams")));
    await expectDenied(getDocs(query(collection(await firestoreAs("bob"), "teams"), where("memberIds", "array-contains", "carol"))));
  });

  it("denies the owner renaming the team directly (teams-update does it)", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("alice"), "teams/t1"), { name: "Renamed" }));
  });

  it("denies a member adding themselves to another team's memberIds", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("bob"), "teams/t2"), { memberIds: ["carol", "bob"] }));
  });

  it("denies creating a team from a client", async () => {
    await expectDenied(
      setDoc(doc(await firestoreAs("bob"), "teams/t3"), { name: "Mine", ownerId: "bob", memberIds: ["bob"], createdAt: at }),
    );
  });

  it("denies the owner deleting the team", async () => {
    await expectDenied(deleteDoc(doc(await firestoreAs("alice"), "teams/t1")));
  });
});
