import { expect } from "chai";
import { fieldOverride, indexFile } from "../helpers/indexes.js";

/**
 * The posts sweeper (functions/src/posts/sweeper.ts) queries `scheduledPosts` across every team.
 * Firestore builds single-field indexes for collection scope only, so each collection-group query
 * needs an index declared here; the emulator answers without one, production refuses.
 */
describe("unit: the posts sweeper's collection-group queries have their indexes", () => {
  it("late posts (status ==, scheduledAt <, ordered by scheduledAt): a composite collection-group index", () => {
    const found = indexFile.indexes.some(
      (index) =>
        index.collectionGroup === "scheduledPosts" &&
        index.queryScope === "COLLECTION_GROUP" &&
        JSON.stringify(index.fields) ===
          JSON.stringify([
            { fieldPath: "status", order: "ASCENDING" },
            { fieldPath: "scheduledAt", order: "ASCENDING" },
          ]),
    );
    expect(found).to.equal(true);
  });

  it("expired leases (status == publishing): a collection-group index on status, beside its collection-scope defaults", () => {
    const indexes = fieldOverride("scheduledPosts", "status")?.indexes ?? [];
    expect(indexes).to.deep.include({ order: "ASCENDING", queryScope: "COLLECTION_GROUP" });
    // An override replaces the automatic indexes: the frontend's per-team queries on status keep theirs.
    expect(indexes).to.deep.include.members([
      { order: "ASCENDING", queryScope: "COLLECTION" },
      { order: "DESCENDING", queryScope: "COLLECTION" },
      { arrayConfig: "CONTAINS", queryScope: "COLLECTION" },
    ]);
  });
});
