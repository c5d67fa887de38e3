import { expect } from "chai";
import { getBytes, ref, uploadBytes } from "firebase/storage";
import { callables, libraryAssetRef } from "../../client/src/index.js";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { newClient, readOnceWritten, signUpWithTeam } from "../helpers/clients.js";
import { expectCallError } from "../helpers/callables.js";
import { assetRecord, fileExists, uploadAsset } from "./support.js";
import { useEmptyEmulators } from "../helpers/suite.js";

describe("library: upload, asset record, deletion", () => {
  useEmptyEmulators({ storage: true });

  it("records an uploaded image with its real size and type, serves it to members, and deletes file and record", async () => {
    const alice = await signUpWithTeam();
    const bytes = new Uint8Array(4321).fill(9);
    const path = await uploadAsset(alice, alice.teamId, "asset-1", "logo.png", bytes, "image/png");

    const record = await readOnceWritten("the asset record", libraryAssetRef(alice.db, alice.teamId, "asset-1"));
    expect(record).to.include({
      name: "Asset asset-1",
      type: "image",
      storagePath: path,
      fileName: "logo.png",
      fileType: "image/png",
      size: 4321,
      uploadedBy: alice.uid,
    });
    expect(record.uploadedAt.toMillis()).to.be.closeTo(Date.now(), 60_000);

    const downloaded = new Uint8Array(await getBytes(ref(alice.storage, path)));
    expect(downloaded).to.deep.equal(bytes);

    expect(await callables(alice.functions).library.deleteAsset({ teamId: alice.teamId, assetId: "asset-1" })).to.deep.equal({});
    expect(await fileExists(path)).to.equal(false);
    expect((await assetRecord(alice.teamId, "asset-1").get()).exists).to.equal(false);
  });

  it("records a video as type video", async () => {
    const alice = await signUpWithTeam();
    await uploadAsset(alice, alice.teamId, "clip", "clip.webm", new Uint8Array(2048).fill(3), "video/webm");
    const record = await eventually("the video record", async () => (await assetRecord(alice.teamId, "clip").get()).data());
    expect(record).to.include({ type: "video", fileType: "video/webm", size: 2048 });
  });

  it("refuses deletion by a non-member with permission-denied and keeps file and record", async () => {
    const alice = await signUpWithTeam();
    const bob = await signUpWithTeam();
    const path = await uploadAsset(alice, alice.teamId, "asset-1", "logo.png", new Uint8Array(10), "image/png");
    await eventually("the asset record", async () => (await assetRecord(alice.teamId, "asset-1").get()).exists);

    await expectCallError(callables(bob.functions).library.deleteAsset({ teamId: alice.teamId, assetId: "asset-1" }), "permission-denied");
    expect(await fileExists(path)).to.equal(true);
    expect((await assetRecord(alice.teamId, "asset-1").get()).exists).to.equal(true);
  });

  it("removes a record whose file is already gone", async () => {
    const alice = await signUpWithTeam();
    await assetRecord(alice.teamId, "orphan").set({
      name: "Gone",
      type: "image",
      storagePath: `teams/${alice.teamId}/library/orphan/x.png`,
      fileName: "x.png",
      fileType: "image/png",
      size: 1,
      uploadedBy: alice.uid,
      uploadedAt: new Date(),
    });
    await callables(alice.functions).library.deleteAsset({ teamId: alice.teamId, assetId: "orphan" });
    expect((await assetRecord(alice.teamId, "orphan").get()).exists).to.equal(false);
  });

  it("answers not-found for an asset with neither file nor record", async () => {
    const alice = await signUpWithTeam();
    await expectCallError(callables(alice.functions).library.deleteAsset({ teamId: alice.teamId, assetId: "nothing" }), "not-found");
  });

  it("validates input and requires sign-in", async () => {
    const alice = await signUpWithTeam();
    const error = await expectCallError(alice.call("library-deleteAsset", { teamId: alice.teamId }), "invalid-argument");
    expect(error.message).to.contain("assetId");
    await expectCallError(alice.call("library-deleteAsset", { teamId: alice.teamId, assetId: "a", extra: 1 }), "invalid-argument");
    await expectCallError(callables(alice.functions).library.deleteAsset({ teamId: alice.teamId, assetId: "a/b" }), "invalid-argument");
    for (const id of [".", "..", "__x__"]) {
      const bad = await expectCallError(
        callables(alice.functions).library.deleteAsset({ teamId: alice.teamId, assetId: id }),
        "invalid-argument",
      );
      expect(bad.message).to.contain("assetId");
      await expectCallError(callables(alice.functions).library.deleteAsset({ teamId: id, assetId: "a" }), "invalid-argument");
    }
    await expectCallError(callables(newClient().functions).library.deleteAsset({ teamId: alice.teamId, assetId: "a" }), "unauthenticated");
  });

  it("deleting a team removes its library files and records", async () => {
    const alice = await signUpWithTeam();
    const path = await uploadAsset(alice, alice.teamId, "asset-1", "logo.png", new Uint8Array(10), "image/png");
    await eventually("the asset record", async () => (await assetRecord(alice.teamId, "asset-1").get()).exists);

    // A team whose only member deletes their account is deleted (teams domain, deleteTeam).
    await adminAuth().deleteUser(alice.uid);
    await eventually("team deletion", async () => !(await adminDb().doc(`teams/${alice.teamId}`).get()).exists);
    expect(await fileExists(path)).to.equal(false);
    expect((await assetRecord(alice.teamId, "asset-1").get()).exists).to.equal(false);
  });

  it("deleting an account removes the user's avatar", async () => {
    const alice = await signUpWithTeam();
    const path = `users/${alice.uid}/avatar/me.png`;
    await uploadBytes(ref(alice.storage, path), new Uint8Array(10), { contentType: "image/png" });
    await adminAuth().deleteUser(alice.uid);
    await eventually("avatar deletion", async () => !(await fileExists(path)));
  });
});
