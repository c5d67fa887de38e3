import { expect } from "chai";
import { createUserWithEmailAndPassword } from "firebase/auth";
import { waitForSignUps } from "../../scripts/lib/readiness.mjs";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { newClient, uniqueEmail } from "../helpers/clients.js";
import { emulators, PROJECT_ID } from "../helpers/emulators.js";
import { useEmptyEmulators } from "../helpers/suite.js";

const hostOf = ({ host, port }: { host: string; port: number }) => `${host}:${port}`;

describe("identity: npm start's readiness probe", function () {
  this.timeout(240_000);
  useEmptyEmulators();

  it("lets a user who signs up within a second of ready get a profile, and leaves no probe user behind", async () => {
    await waitForSignUps({ authHost: hostOf(emulators.auth()), firestoreHost: hostOf(emulators.firestore()), projectId: PROJECT_ID });
    const readyAt = Date.now();

    const client = newClient();
    const { user } = await createUserWithEmailAndPassword(client.auth, uniqueEmail(), "secret-password");
    expect(Date.now() - readyAt).to.be.lessThan(1000);
    await eventually("the first user's profile", async () => (await adminDb().doc(`users/${user.uid}`).get()).exists, 30_000);

    const { users } = await adminAuth().listUsers();
    expect(users.map((u) => u.uid)).to.deep.equal([user.uid]);
    const profiles = await adminDb().collection("users").get();
    expect(profiles.docs.map((d) => d.id)).to.deep.equal([user.uid]);
  });
});
