import { expect } from "chai";
import { fieldOverride as override, indexFile } from "../helpers/indexes.js";

describe("unit: the AI ledger's indexes have no hot shape (docs/scale.md)", () => {
  it("has no composite index on aiRequests, and indexes none of its server timestamps", () => {
    expect(indexFile.indexes.filter((index) => index.collectionGroup === "aiRequests")).to.deep.equal([]);
    for (const field of ["createdAt", "updatedAt", "expiresAt"]) expect(override("aiRequests", field)?.indexes, field).to.deep.equal([]);
  });

  it("lets the sweeper query usage documents by sweepKey across users, and indexes no timestamp of them", () => {
    expect(override("usage", "sweepKey")?.indexes).to.deep.equal([{ order: "ASCENDING", queryScope: "COLLECTION_GROUP" }]);
    for (const field of ["updatedAt", "inFlight", "minute"]) expect(override("usage", field)?.indexes, field).to.deep.equal([]);
    expect(indexFile.indexes.filter((index) => index.collectionGroup === "usage")).to.deep.equal([]);
  });
});
