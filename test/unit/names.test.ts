import { expect } from "chai";
import { cleanName, displayName } from "../../functions/src/common/names.js";
import { profileName } from "../../functions/src/identity/createProfile.js";

const hidden = [
  "\r",
  "\n",
  "\u0000",
  "\u007F",
  "\u0085",
  "\u00AD",
  "\u061C",
  "\u180E",
  "\u200B",
  "\u200D",
  "\u200E",
  "\u202E",
  "\u2066",
  "\u2069",
  "\u2028",
  "\u3164",
  "\uFEFF",
  "\u{E0041}",
];

describe("unit: display names", () => {
  for (const char of hidden) {
    const code = `U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}`;
    it(`refuses ${code} inside a name, and cleanName removes it`, () => {
      expect(displayName(100).safeParse(`Ali${char}ce`).success).to.equal(false);
      expect(cleanName(`Ali${char}ce`)).to.equal("Alice");
    });
  }

  it("accepts names in any script, with emoji, accents and inner spaces, trimmed", () => {
    for (const name of ["Zoë O'Brien", "محمد", "李小龍", "Anna 🚀", "Équipe été"])
      expect(displayName(100).parse(` ${name} `)).to.equal(name);
  });

  it("makes a sign-up's profile name from a display name with hidden characters, else the email", () => {
    expect(profileName({ uid: "u", displayName: "Eve\u202E\r\nBcc: x", email: "eve@example.test" })).to.equal("EveBcc: x");
    expect(profileName({ uid: "u", displayName: "\u200B\u3164", email: "eve@example.test" })).to.equal("eve");
    expect(profileName({ uid: "u", displayName: null, email: null })).to.equal("PixaSocial user");
  });
});
