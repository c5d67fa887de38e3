import { collection, deleteDoc, doc, getDoc, getDocs, orderBy, query, setDoc, updateDoc } from "firebase/firestore";
import { SEED_TIME, castTeams } from "../helpers/cast.js";
import { clearAndSeed, expectAllowed, expectDenied, firestoreAs } from "../helpers/rules.js";

const asset = () => ({
  name: "Logo",
  type: "image",
  storagePath: "teams/team-a/library/asset-1/logo.png",
  fileName: "logo.png",
  fileType: "image/png",
  size: 1024,
  uploadedBy: "alice",
  uploadedAt: SEED_TIME,
});

describe("rules: teams/{teamId}/libraryAssets", () => {
  const path = "teams/team-a/libraryAssets/asset-1";

  beforeEach(() => clearAndSeed({ ...castTeams(), [path]: asset() }));

  it("lets a member read a record and list the library newest first", async () => {
    const db = await firestoreAs("alice");
    await expectAllowed(getDoc(doc(db, path)));
    await expectAllowed(getDocs(query(collection(db, "teams/team-a/libraryAssets"), orderBy("uploadedAt", "desc"))));
  });

  it("denies reads by a member of another team, a non-member and a signed-out caller", async () => {
    for (const uid of ["erin", "dave", null]) {
      await expectDenied(getDoc(doc(await firestoreAs(uid), path)));
    }
    await expectDenied(getDocs(collection(await firestoreAs("erin"), "teams/team-a/libraryAssets")));
  });

  it("denies every client write, even by a member", async () => {
    const db = await firestoreAs("alice");
    await expectDenied(setDoc(doc(db, "teams/team-a/libraryAssets/asset-2"), asset()));
    await expectDenied(updateDoc(doc(db, path), { name: "Renamed" }));
    await expectDenied(deleteDoc(doc(db, path)));
  });
});
