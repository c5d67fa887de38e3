import { expect } from "chai";
import { FirebaseError } from "firebase/app";
import { deleteDoc, serverTimestamp, setDoc } from "firebase/firestore";
import { deleteObject, getDownloadURL, ref } from "firebase/storage";
import { callables, channelRef, libraryAssetPath } from "../../client/src/index.js";
import { adminBucket, adminDb, eventually } from "../helpers/admin.js";
import { useFunctionsEnv } from "../helpers/functionsEnv.js";
import { signUpWithTeam } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { countedBytes, fileExists, uploadAsset, uploadAttachment, usageDoc, warmUpSignUp } from "./support.js";

const MiB = 1024 * 1024;
/** TEAM_STORAGE_QUOTA_MIB's default (functions/src/common/params.ts): the emulator runs with it. */
const DEFAULT_QUOTA = 1024 * MiB;

async function expectStorageDenied(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(FirebaseError);
    expect((error as FirebaseError).code).to.equal("storage/unauthorized");
    return;
  }
  expect.fail("expected the upload to be refused");
}

describe("library: per-team storage quota (issue #17.9)", function () {
  // Each test chains several cold functions (sign-up, finalize, callables, Firestore triggers),
  // like the teams suites; on a shared 2-core machine a cold chain alone took over 30 s.
  this.timeout(120_000);
  before(() => warmUpSignUp());
  useEmptyEmulators({ storage: true });

  it("counts library files and chat attachments, and gives the bytes back on each kind of delete", async () => {
    const alice = await signUpWithTeam();
    await uploadAsset(alice, alice.teamId, "asset-1", "logo.png", 4000);
    const general = await uploadAttachment(alice, alice.teamId, "general", "brief.pdf", 1000);
    await setDoc(channelRef(alice.db, alice.teamId, "files"), {
      name: "Files",
      isDirectMessage: false,
      memberIds: [],
      createdBy: alice.uid,
      createdAt: serverTimestamp(),
    });
    await uploadAttachment(alice, alice.teamId, "files", "deck.pdf", 300);
    await countedBytes(alice.teamId, 5300);
    expect((await usageDoc(alice.teamId).get()).get("limit")).to.equal(DEFAULT_QUOTA);

    await callables(alice.functions).library.deleteAsset({ teamId: alice.teamId, assetId: "asset-1" });
    await countedBytes(alice.teamId, 1300);
    await deleteObject(ref(alice.storage, general));
    await countedBytes(alice.teamId, 300);
    await deleteDoc(channelRef(alice.db, alice.teamId, "files"));
    await countedBytes(alice.teamId, 0);
  });

  it("refuses an upload over the quota, and accepts it once a delete gave bytes back", async () => {
    const alice = await signUpWithTeam();
    await uploadAsset(alice, alice.teamId, "asset-1", "logo.png", 4000);
    await countedBytes(alice.teamId, 4000);
    // The team is nearly full: 1,000 bytes left.
    await usageDoc(alice.teamId).update({ bytes: DEFAULT_QUOTA - 1000 });

    await expectStorageDenied(uploadAsset(alice, alice.teamId, "asset-2", "big.png", 2000));
    await expectStorageDenied(uploadAttachment(alice, alice.teamId, "general", "big.pdf", 2000));
    expect(await fileExists(libraryAssetPath(alice.teamId, "asset-2", "big.png"))).to.equal(false);

    await callables(alice.functions).library.deleteAsset({ teamId: alice.teamId, assetId: "asset-1" });
    await countedBytes(alice.teamId, DEFAULT_QUOTA - 5000);
    await uploadAsset(alice, alice.teamId, "asset-2", "big.png", 2000);
    await countedBytes(alice.teamId, DEFAULT_QUOTA - 3000);
  });

  it("removes a file that does not fit when it is counted (uploads that each passed the rules in parallel)", async () => {
    const alice = await signUpWithTeam();
    await uploadAsset(alice, alice.teamId, "asset-1", "logo.png", 100);
    await countedBytes(alice.teamId, 100);
    await usageDoc(alice.teamId).update({ bytes: DEFAULT_QUOTA - 1000 });

    // Written past the rules, as a second upload racing the first would be.
    const path = libraryAssetPath(alice.teamId, "asset-2", "late.png");
    await adminBucket()
      .file(path)
      .save(Buffer.alloc(2000, 1), { contentType: "image/png", metadata: { metadata: { name: "Late", uploadedBy: alice.uid } } });
    await eventually("the over-quota file to be removed", async () => !(await fileExists(path)));
    expect((await usageDoc(alice.teamId).get()).get("bytes")).to.equal(DEFAULT_QUOTA - 1000);
    expect((await adminDb().doc(`teams/${alice.teamId}/libraryAssets/asset-2`).get()).exists).to.equal(false);
    // The team's other files stay readable.
    await getDownloadURL(ref(alice.storage, libraryAssetPath(alice.teamId, "asset-1", "logo.png")));
  });

  describe("idempotent under repeated and out-of-order Storage events", () => {
    useFunctionsEnv();
    const teamId = "quota-team";
    const name = `teams/${teamId}/library/a/logo.png`;

    beforeEach(async () => {
      await adminDb()
        .doc(`teams/${teamId}`)
        .set({ name: "Quota", ownerId: "u", memberIds: ["u"], createdAt: new Date() });
    });

    it("counts a generation once, a replacement by its difference, and releases each generation once", async () => {
      const { countStoredObject, releaseStoredObject } = await import("../../functions/src/library/quota.js");
      const limit = 10_000;
      expect(await countStoredObject({ name, generation: "1", size: 3000 }, limit)).to.equal("counted");
      expect(await countStoredObject({ name, generation: "1", size: 3000 }, limit)).to.equal("already-counted");
      expect((await usageDoc(teamId).get()).get("bytes")).to.equal(3000);

      // Replaced in place: the new generation counts its difference; the old one's delete event is ignored.
      expect(await countStoredObject({ name, generation: "2", size: 5000 }, limit)).to.equal("counted");
      expect(await releaseStoredObject({ name, generation: "1", size: 3000 }, limit)).to.equal("not-counted");
      expect((await usageDoc(teamId).get()).get("bytes")).to.equal(5000);

      expect(await countStoredObject({ name: `teams/${teamId}/chat/general/u/x.pdf`, generation: "7", size: 5001 }, limit)).to.equal(
        "over-quota",
      );
      expect((await usageDoc(teamId).get()).get("bytes")).to.equal(5000);

      expect(await releaseStoredObject({ name, generation: "2", size: 5000 }, limit)).to.equal("released");
      expect(await releaseStoredObject({ name, generation: "2", size: 5000 }, limit)).to.equal("not-counted");
      expect((await usageDoc(teamId).get()).data()).to.include({ bytes: 0, limit });
    });

    it("ignores files outside team folders and teams that are gone", async () => {
      const { countStoredObject, releaseStoredObject } = await import("../../functions/src/library/quota.js");
      expect(await countStoredObject({ name: "users/u/avatar/me.png", generation: "1", size: 10 }, 100)).to.equal("not-a-team-file");
      expect(await releaseStoredObject({ name: "users/u/avatar/me.png", generation: "1", size: 10 }, 100)).to.equal("not-a-team-file");
      expect(await countStoredObject({ name: "teams/no-such-team/library/a/x.png", generation: "1", size: 10 }, 100)).to.equal("team-gone");
      expect((await adminDb().doc("teams/no-such-team/usage/storage").get()).exists).to.equal(false);
    });
  });
});
