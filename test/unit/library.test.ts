import { expect } from "chai";
import { teamOfObject } from "../../functions/src/library/paths.js";
import { settleAssetFolder, type FolderFile } from "../../functions/src/library/recordAsset.js";
import { removedMembers } from "../../functions/src/library/tokenRotation.js";

const file = (name: string, uploadedBy: string, createdAt: number): FolderFile => ({
  name,
  generation: String(createdAt),
  uploadedBy,
  createdAt,
});

describe("unit: library", () => {
  describe("settleAssetFolder (one asset folder belongs to its first uploader)", () => {
    it("keeps the owner's newest file as the asset and removes every other file", () => {
      const original = file("logo.png", "alice", 1);
      const intruder = file("evil.png", "dave", 2);
      const newer = file("logo-v2.png", "alice", 3);
      const { asset, remove } = settleAssetFolder([newer, intruder, original]);
      expect(asset).to.equal(newer);
      expect(remove).to.have.members([original, intruder]);
    });

    it("gives the same answer whatever order the files are listed in", () => {
      const files = [file("a.png", "alice", 5), file("b.png", "dave", 6), file("c.png", "alice", 7), file("d.png", "dave", 8)];
      const reversed = settleAssetFolder([...files].reverse());
      const ordered = settleAssetFolder(files);
      expect(reversed.asset?.name).to.equal("c.png");
      expect(ordered.asset?.name).to.equal("c.png");
      expect(reversed.remove.map((f) => f.name).sort()).to.deep.equal(["a.png", "b.png", "d.png"]);
    });

    it("lets an intruder who uploaded first own the folder, breaks time ties by name, and handles an empty folder", () => {
      expect(settleAssetFolder([file("x.png", "alice", 2), file("y.png", "dave", 1)]).asset?.uploadedBy).to.equal("dave");
      expect(settleAssetFolder([file("b.png", "dave", 1), file("a.png", "alice", 1)]).asset?.uploadedBy).to.equal("alice");
      expect(settleAssetFolder([])).to.deep.equal({ asset: null, remove: [] });
    });
  });

  it("removedMembers: the uids a team update took out of memberIds, tolerant of malformed data", () => {
    expect(removedMembers({ memberIds: ["a", "b", "c"] }, { memberIds: ["a", "c"] })).to.deep.equal(["b"]);
    expect(removedMembers({ memberIds: ["a"] }, { memberIds: ["a", "d"] })).to.deep.equal([]);
    expect(removedMembers({ memberIds: ["a", 7, "b"] }, { memberIds: "oops" })).to.deep.equal(["a", "b"]);
    expect(removedMembers(undefined, { memberIds: ["a"] })).to.deep.equal([]);
  });

  it("teamOfObject: the team of files under teams/{teamId}/, null for anything else", () => {
    expect(teamOfObject("teams/t1/library/a/logo.png")).to.equal("t1");
    expect(teamOfObject("teams/t1/chat/general/u/x.pdf")).to.equal("t1");
    expect(teamOfObject("users/u/avatar/me.png")).to.equal(null);
    expect(teamOfObject("teams/t1")).to.equal(null);
    expect(teamOfObject("teams//x")).to.equal(null);
    expect(teamOfObject("teams/__x__/library/a/b.png")).to.equal(null);
    expect(teamOfObject("teams/../library/a/b.png")).to.equal(null);
  });
});
