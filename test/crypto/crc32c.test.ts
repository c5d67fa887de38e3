import { expect } from "chai";
import { crc32c } from "../../functions/src/crypto/crc32c.js";

describe("crypto: CRC32C", () => {
  it("matches the standard check values", () => {
    expect(crc32c(Buffer.from("123456789"))).to.equal(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).to.equal(0);
    expect(crc32c(Buffer.alloc(32, 0))).to.equal(0x8a9136aa);
  });
});
