import { expect } from "chai";
import { documentId, documentIdProblem } from "../../functions/src/common/ids.js";

describe("unit: the document-id schema every callable uses", () => {
  for (const bad of ["", "a/b", "/", ".", "..", "__x__", "____", "__.__", "x".repeat(1501), "é".repeat(751)]) {
    it(`refuses ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 4)}… (${Buffer.byteLength(bad)} bytes)` : bad)}`, () => {
      expect(documentIdProblem(bad)).to.be.a("string");
      expect(documentId.safeParse(bad).success).to.equal(false);
    });
  }

  for (const good of ["abc", "A1_-", "...", ".a", "a.", "__x", "x__", "_x_", "é".repeat(750), "x".repeat(1500), "dm_a_b"]) {
    it(`accepts ${JSON.stringify(good.length > 20 ? `${good.slice(0, 4)}… (${Buffer.byteLength(good)} bytes)` : good)}`, () => {
      expect(documentIdProblem(good)).to.equal(null);
      expect(documentId.parse(good)).to.equal(good);
    });
  }

  it("refuses what is not a string", () => {
    expect(documentId.safeParse(7).success).to.equal(false);
    expect(documentId.safeParse(null).success).to.equal(false);
  });
});
