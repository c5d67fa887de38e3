import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from "firebase/firestore";
import { SEED_TIME, castTeams } from "../helpers/cast.js";
import { clearAndSeed, expectAllowed, expectDenied, firestoreAs } from "../helpers/rules.js";

const invitation = (teamId: string) => ({
  teamId,
  teamName: "Team",
  email: "dave@example.test",
  status: "pending",
  invitedBy: "alice",
  invitedByName: "Alice",
  expiresAt: Timestamp.fromDate(new Date("2026-01-08T00:00:00Z")),
  createdAt: SEED_TIME,
});

describe("rules: invitations/{invitationId}", () => {
  beforeEach(() => clearAndSeed({ ...castTeams("t1", "t2"), "invitations/i1": invitation("t1"), "invitations/i2": invitation("t2") }));

  const teamInvitations = async (uid: string, teamId: string) =>
    getDocs(query(collection(await firestoreAs(uid), "invitations"), where("teamId", "==", teamId)));

  it("lets the owner and an admin read one of the team's invitations", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("alice"), "invitations/i1")));
    await expectAllowed(getDoc(doc(await firestoreAs("bob"), "invitations/i1")));
  });

  it("lets the owner and an admin list the team's invitations", async () => {
    await expectAllowed(teamInvitations("alice", "t1"));
    await expectAllowed(teamInvitations("bob", "t1"));
  });

  it("denies a plain member reading or listing the team's invitations", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("carol"), "invitations/i1")));
    await expectDenied(teamInvitations("carol", "t1"));
  });

  it("denies an owner reading another team's invitations", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("alice"), "invitations/i2")));
    await expectDenied(teamInvitations("alice", "t2"));
  });

  it("denies listing invitations without the team filter", async () => {
    await expectDenied(getDocs(collection(await firestoreAs("alice"), "invitations")));
  });

  it("denies a signed-out reader", async () => {
    await expectDenied(getDoc(doc(await firestoreAs(null), "invitations/i1")));
  });

  it("denies the owner creating, changing or deleting an invitation", async () => {
    const db = await firestoreAs("alice");
    await expectDenied(setDoc(doc(db, "invitations/i3"), invitation("t1")));
    await expectDenied(updateDoc(doc(db, "invitations/i1"), { status: "revoked" }));
    await expectDenied(deleteDoc(doc(db, "invitations/i1")));
  });

  it("denies the invitee accepting by writing the status", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("dave"), "invitations/i1"), { status: "accepted" }));
  });
});
