import { expect } from "chai";
import { doc, getDoc, updateDoc } from "firebase/firestore";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { signUp } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";

describe("identity: sign-up and account deletion", () => {
  useEmptyEmulators();

  it("creates the profile, a personal team, the owner membership and the general channel", async () => {
    const alice = await signUp({ email: "Alice.Smith@Example.test" });
    const profileSnap = await getDoc(doc(alice.db, "users", alice.uid));
    const profile = profileSnap.data();
    // Auth stores emails lowercased; the name falls back to the email's local part.
    expect(profile).to.include({
      name: "alice.smith",
      email: "alice.smith@example.test",
      role: "free",
      walletAddress: null,
      activeAiProvider: null,
    });
    expect(profile?.teamIds).to.have.length(1);
    expect(profile?.defaultTeamId).to.equal(profile?.teamIds[0]);
    expect(profile?.createdAt?.toMillis()).to.be.closeTo(Date.now(), 60_000);

    const teamId = profile?.defaultTeamId as string;
    const team = (await adminDb().doc(`teams/${teamId}`).get()).data();
    expect(team).to.include({ name: "alice.smith's workspace", ownerId: alice.uid });
    expect(team?.memberIds).to.deep.equal([alice.uid]);

    const member = (await adminDb().doc(`teams/${teamId}/members/${alice.uid}`).get()).data();
    expect(member).to.include({ role: "owner", name: "alice.smith", email: "alice.smith@example.test" });

    const general = (await adminDb().doc(`teams/${teamId}/channels/general`).get()).data();
    expect(general).to.include({ name: "general", isDirectMessage: false, createdBy: alice.uid });
    expect(general?.memberIds).to.deep.equal([]);
  });

  it("lets the new user update their own name through the SDK", async () => {
    const bob = await signUp();
    await updateDoc(doc(bob.db, "users", bob.uid), { name: "Bob Builder", walletAddress: "0x1234" });
    const profile = (await adminDb().doc(`users/${bob.uid}`).get()).data();
    expect(profile).to.include({ name: "Bob Builder", walletAddress: "0x1234" });
  });

  it("removes the profile when the Auth user is deleted", async () => {
    const carol = await signUp();
    await adminAuth().deleteUser(carol.uid);
    await eventually("profile deletion", async () => !(await adminDb().doc(`users/${carol.uid}`).get()).exists);
  });
});
