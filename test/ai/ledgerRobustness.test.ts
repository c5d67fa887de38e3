/**
 * What the credit ledger must survive: answers Firestore cannot store as they are, a retry that
 * costs more than the dead reservation it takes over, and stored documents it cannot read
 * (`config/roles` written wrong by an admin, a usage document that no longer parses).
 */
import { expect } from "chai";
import { callables } from "../../client/src/index.js";
import { signUpVerified } from "../helpers/clients.js";
import { inFlightOf, usageOf, useAiFakes, useProvider } from "./support.js";

describe("ai: what the credit ledger survives", function () {
  this.timeout(120_000);
  const fakes = useAiFakes();

  it("answers JSON that Firestore cannot store as it is, charges it once, frees its slot and replays it", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    const { ai } = callables(alice.functions);
    const answers: Record<string, string> = {
      "an array inside an array": "[[1,2],[3]]",
      "an empty map key": '{"":1,"ok":{"":[]}}',
      "maps nested 25 deep": `${'{"a":'.repeat(25)}1${"}".repeat(25)}`,
    };
    let charged = 0;
    for (const [what, json] of Object.entries(answers)) {
      const requestId = `unstorable-${charged}`;
      fakes.gemini.jsonReplies = [json];
      const first = await ai.generateJson({ prompt: "JSON please", requestId });
      charged += 1;
      expect(first.data, what).to.deep.equal(JSON.parse(json));
      expect(await usageOf(alice.uid), what).to.include({ used: charged });
      expect(await inFlightOf(alice.uid), what).to.deep.equal({});

      const retry = await ai.generateJson({ prompt: "JSON please", requestId });
      expect(retry.data, `${what}, replayed`).to.deep.equal(JSON.parse(json));
      expect(fakes.gemini.count(), `${what}: no second provider call`).to.equal(charged);
      expect(await usageOf(alice.uid), `${what}: not charged again`).to.include({ used: charged });
    }
  });
});
