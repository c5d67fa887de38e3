import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, orderBy, query, setDoc, updateDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, rulesEnv, seed } from "../helpers/rules.js";

const asset = () => ({
  name: "Logo",
  type: "image",
  storagePath: "teams/team-a/library/asset-1/logo.png",
  fileName: "logo.png",
  fileType: "image/png",
  size: 1024,
  uploadedBy: "alice",
  uploadedAt: Timestamp.fromDate(new Date("2026-01-01T00:00:00Z")),
});

describe("rules: teams/{teamId}/libraryAssets", () => {
  const dbAs = async (uid: string | null) => {
    const env = await rulesEnv();
    return (uid ? env.authenticatedContext(uid) : env.unauthenticatedContext()).firestore();
  };
  const path = "teams/team-a/libraryAssets/asset-1";

  beforeEach(async () => {
    const env = await rulesEnv();
    await env.clearFirestore();
    const joinedAt = Timestamp.now();
    await seed({
      "teams/team-a/members/alice": { role: "owner", name: "alice", email: null, joinedAt },
      "teams/team-b/members/bob": { role: "owner", name: "bob", email: null, joinedAt },
      [path]: asset(),
    });
  });

  it("lets a member read a record and list the library newest first", async () => {
    const db = await dbAs("alice");
    await expectAllowed(getDoc(doc(db, path)));
    await expectAllowed(getDocs(query(collection(db, "teams/team-a/libraryAssets"), orderBy("uploadedAt", "desc"))));
  });

  it("denies reads by a member of another team, a non-member and a signed-out caller", async () => {
    for (const uid of ["bob", "carol", null]) {
      await expectDenied(getDoc(doc(await dbAs(uid), path)));
    }
    await expectDenied(getDocs(collection(await dbAs("bob"), "teams/team-a/libraryAssets")));
  });

  it("denies every client write, even by a member", async () => {
    const db = await dbAs("alice");
    await expectDenied(setDoc(doc(db, "teams/team-a/libraryAssets/asset-2"), asset()));
    await expectDenied(updateDoc(doc(db, path), { name: "Renamed" }));
    await expectDenied(deleteDoc(doc(db, path)));
  });
});
