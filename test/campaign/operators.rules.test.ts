import { deleteField, doc, setDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, firestoreAs } from "../helpers/rules.js";
import { ALICE, TEAM } from "../helpers/cast.js";
import { describeCampaignCollection, forCreate, type Data } from "./campaignRules.js";

const operator = (): Data => ({
  name: "Morning coffee ritual",
  type: "Classical Conditioning",
  description: "Pair the brand with the calm of a morning coffee.",
  targetPersonaId: "persona-1",
  conditionedStimulus: "Brand jingle",
  unconditionedStimulus: "Smell of coffee",
  desiredConditionedResponse: "Feeling of calm",
  reinforcementType: "Positive",
});

describe("rules: teams/{teamId}/operators", () => {
  describeCampaignCollection({
    name: "operators",
    valid: operator,
    validUpdate: { description: "A shorter description", reinforcementType: deleteField() },
    required: ["name", "type"],
    // Operators have no enum fields (docs/campaign.md): `type` is free text.
    wrongEnums: [],
    tooLong: [
      ["name", "n".repeat(101)],
      ["type", "t".repeat(101)],
      ["description", "d".repeat(5001)],
      ["targetPersonaId", "p".repeat(129)],
      ["conditionedStimulus", "c".repeat(2001)],
      ["reinforcementType", "r".repeat(101)],
    ],
    wrongTypes: [
      ["name", 1],
      ["type", ["Classical"]],
      ["description", { text: "x" }],
    ],
  });

  describe("operator fields", () => {
    const create = async (data: Data) => setDoc(doc(await firestoreAs(ALICE), `teams/${TEAM}/operators/o1`), forCreate(data));

    it("accepts an operator with only a name and a type", async () => {
      await expectAllowed(create({ name: "Minimal", type: "Operant" }));
    });

    it("accepts optional texts at their limits", async () => {
      await expectAllowed(create({ ...operator(), description: "d".repeat(5000), desiredConditionedResponse: "r".repeat(2000) }));
    });

    it("denies an empty type", async () => {
      await expectDenied(create({ ...operator(), type: "" }));
    });
  });
});
