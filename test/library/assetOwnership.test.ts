import { expect } from "chai";
import { type FirebaseError } from "firebase/app";
import { libraryAssetPath } from "../../client/src/index.js";
import { addTeamMember, adminBucket, eventually } from "../helpers/admin.js";
import { signUpWithTeam } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { assetRecord, countedBytes, fileExists, uploadAsset, warmUpSignUp } from "./support.js";

describe("library: an asset folder belongs to its first uploader (issue #10.9)", function () {
  // Each test chains several cold functions (sign-up, finalize, callables, Firestore triggers),
  // like the teams suites; on a shared 2-core machine a cold chain alone took over 30 s.
  this.timeout(120_000);
  before(() => warmUpSignUp());
  useEmptyEmulators({ storage: true });

  async function teamOfTwo() {
    const [alice, dave] = await Promise.all([signUpWithTeam(), signUpWithTeam()]);
    await addTeamMember(alice.teamId, dave.uid);
    const original = await uploadAsset(alice, alice.teamId, "asset-1", "logo.png", 1000);
    await eventually(
      "alice's asset record",
      async () => (await assetRecord(alice.teamId, "asset-1").get()).get("storagePath") === original,
    );
    return { alice, dave, original };
  }

  it("refuses another member's upload of a new file name into a recorded asset's folder", async () => {
    const { alice, dave, original } = await teamOfTwo();
    try {
      await uploadAsset(dave, alice.teamId, "asset-1", "replacement.png", 500);
      expect.fail("the upload should be refused");
    } catch (error) {
      expect((error as FirebaseError).code).to.equal("storage/unauthorized");
    }
    const record = (await assetRecord(alice.teamId, "asset-1").get()).data();
    expect(record).to.include({ storagePath: original, uploadedBy: alice.uid, size: 1000 });
    expect(await fileExists(original)).to.equal(true);
  });

  it("removes a file another member put into the folder past the rules (before the record existed), and keeps the owner's asset", async () => {
    const { alice, dave, original } = await teamOfTwo();
    const intruder = libraryAssetPath(alice.teamId, "asset-1", "replacement.png");
    await adminBucket()
      .file(intruder)
      .save(Buffer.alloc(500, 3), {
        contentType: "image/png",
        metadata: { metadata: { name: "Mine now", uploadedBy: dave.uid } },
      });
    await eventually("the intruding file to be removed", async () => !(await fileExists(intruder)));
    const record = (await assetRecord(alice.teamId, "asset-1").get()).data();
    expect(record).to.include({ storagePath: original, uploadedBy: alice.uid, name: "Asset asset-1" });
    expect(await fileExists(original)).to.equal(true);
    await countedBytes(alice.teamId, 1000);
  });

  it("lets the owner upload a new file into their folder: it becomes the asset and the replaced file goes", async () => {
    const { alice, original } = await teamOfTwo();
    const newer = await uploadAsset(alice, alice.teamId, "asset-1", "logo-v2.png", 1500);
    await eventually(
      "the record of the new file",
      async () => (await assetRecord(alice.teamId, "asset-1").get()).get("storagePath") === newer,
    );
    await eventually("the replaced file to be removed", async () => !(await fileExists(original)));
    expect((await assetRecord(alice.teamId, "asset-1").get()).data()).to.include({
      fileName: "logo-v2.png",
      size: 1500,
      uploadedBy: alice.uid,
    });
    await countedBytes(alice.teamId, 1500);
  });
});
