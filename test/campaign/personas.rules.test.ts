import { doc, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, firestoreAs } from "../helpers/rules.js";
import { ALICE, TEAM } from "../helpers/cast.js";
import { describeCampaignCollection, forCreate, type Data } from "./campaignRules.js";

const persona = (): Data => ({
  name: "Eco-conscious parent",
  demographics: "30-45, urban, two children",
  psychographics: "Values sustainability, time-poor",
  initialBeliefs: "Green products are overpriced",
  vulnerabilities: ["guilt about waste", "fear of missing out"],
  rstProfile: { bas: "High", bis: "Medium", fffs: "Not Assessed" },
});

describe("rules: teams/{teamId}/personas", () => {
  describeCampaignCollection({
    name: "personas",
    valid: persona,
    validUpdate: { name: "Renamed persona", rstProfile: { bas: "Low", bis: "Low", fffs: "High" } },
    required: ["name", "demographics", "psychographics", "initialBeliefs", "vulnerabilities", "rstProfile"],
    wrongEnums: [["rstProfile", { bas: "Very High", bis: "Low", fffs: "Low" }]],
    tooLong: [
      ["name", "n".repeat(101)],
      ["demographics", "d".repeat(5001)],
      ["vulnerabilities", Array.from({ length: 31 }, (_, i) => `v${i}`)],
      ["avatarUrl", `https://example.test/${"a".repeat(2048)}`],
    ],
    wrongTypes: [
      ["name", 42],
      ["vulnerabilities", "not a list"],
      ["rstProfile", "High"],
    ],
  });

  describe("persona fields", () => {
    const create = async (data: Data, id = "p1") => setDoc(doc(await firestoreAs(ALICE), `teams/${TEAM}/personas/${id}`), forCreate(data));

    it("accepts names, texts and lists at their limits, an avatar URL and no avatar", async () => {
      await expectAllowed(
        create({
          ...persona(),
          name: "n".repeat(100),
          initialBeliefs: "b".repeat(5000),
          vulnerabilities: Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(200, "x")),
          avatarUrl: "https://cdn.example.test/avatar.png",
        }),
      );
      await expectAllowed(create({ ...persona(), vulnerabilities: [] }, "p-empty"));
    });

    it("denies null for the optional avatarUrl (omit it or remove it with deleteField)", async () => {
      await expectDenied(create({ ...persona(), avatarUrl: null }));
    });

    it("denies an empty name", async () => {
      await expectDenied(create({ ...persona(), name: "" }));
    });

    it("denies a vulnerability that is not a string, empty or too long, wherever it is in the list", async () => {
      await expectDenied(create({ ...persona(), vulnerabilities: ["ok", 7] }));
      await expectDenied(create({ ...persona(), vulnerabilities: ["ok", ""] }));
      await expectDenied(create({ ...persona(), vulnerabilities: ["two\nlines"] }));
      const late = Array.from({ length: 29 }, () => "ok");
      await expectDenied(create({ ...persona(), vulnerabilities: [...late, "x".repeat(201)] }));
    });

    it("denies an RST profile with a missing or an extra trait", async () => {
      await expectDenied(create({ ...persona(), rstProfile: { bas: "Low", bis: "Low" } }));
      await expectDenied(create({ ...persona(), rstProfile: { bas: "Low", bis: "Low", fffs: "Low", xyz: "Low" } }));
    });

    it("denies an avatar inlined as a data URL", async () => {
      await expectDenied(create({ ...persona(), avatarUrl: "data:image/png;base64,iVBORw0KGgo=" }));
    });

    for (const url of [
      "javascript:alert(document.cookie)",
      "JavaScript:alert(1)",
      "http://cdn.example.test/avatar.png",
      "ftp://cdn.example.test/avatar.png",
      "//cdn.example.test/avatar.png",
      "https://",
      "https:///avatar.png",
      "https://user@evil.example.test/avatar.png",
      " https://cdn.example.test/avatar.png",
      "https://cdn.example.test/a b.png",
      "https://cdn.example.test/avatar.png\njavascript:alert(1)",
      "vbscript:msgbox(1)",
      "",
    ]) {
      it(`denies the avatarUrl ${JSON.stringify(url)} (https only)`, async () => {
        await expectDenied(create({ ...persona(), avatarUrl: url }));
      });
    }

    it("accepts https avatar URLs with a path, a query and a port", async () => {
      await expectAllowed(create({ ...persona(), avatarUrl: "https://cdn.example.test:8443/a/b.png?size=64#x" }, "p-port"));
      await expectAllowed(create({ ...persona(), avatarUrl: "https://cdn.example.test" }, "p-bare"));
    });

    it("denies changing a stored avatarUrl to javascript:", async () => {
      const db = await firestoreAs(ALICE);
      await setDoc(doc(db, `teams/${TEAM}/personas/p3`), forCreate({ ...persona(), avatarUrl: "https://cdn.example.test/a.png" }));
      await expectDenied(
        updateDoc(doc(db, `teams/${TEAM}/personas/p3`), { avatarUrl: "javascript:alert(1)", updatedAt: serverTimestamp() }),
      );
    });

    it("denies an update that breaks a field the update does not name", async () => {
      const db = await firestoreAs(ALICE);
      await setDoc(doc(db, `teams/${TEAM}/personas/p2`), forCreate(persona()));
      await expectDenied(updateDoc(doc(db, `teams/${TEAM}/personas/p2`), { "rstProfile.bas": "Extreme", updatedAt: serverTimestamp() }));
      await expectAllowed(updateDoc(doc(db, `teams/${TEAM}/personas/p2`), { "rstProfile.bas": "Low", updatedAt: serverTimestamp() }));
    });
  });
});
