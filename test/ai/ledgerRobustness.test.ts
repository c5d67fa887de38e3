/**
 * What the credit ledger must survive: answers Firestore cannot store as they are, a retry that
 * costs more than the dead reservation it takes over, and stored documents it cannot read
 * (`config/roles` written wrong by an admin, a usage document that no longer parses).
 */
import { expect } from "chai";
import { callables, isCreditLimitError } from "../../client/src/index.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { expectCallError } from "../helpers/callables.js";
import { signUpVerified } from "../helpers/clients.js";
import { ageReservation, inFlightOf, usageOf, useAiFakes, useProvider, withOwnKey } from "./support.js";

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

  it("keeps the limit when a retry takes over a dead reservation and now costs more", async () => {
    await adminDb()
      .doc("config/roles")
      .set({ free: { maxAiUsesMonthly: 2 } });
    // 3 credits on the platform's side (here the emulator's Mock), 1 on the user's own key.
    const prompt = "x".repeat(25_000);
    await withOwnKey(fakes, { providerId: "Gemini", apiKey: "alice-own-gemini-key" }, async (alice, { ai }) => {
      const release = fakes.gemini.holdNext();
      const first = ai.generateText({ prompt, requestId: "req-dearer" });
      await eventually("the first call's reservation", async () => "req-dearer" in (await inFlightOf(alice.uid)));
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
      await ageReservation(alice.uid, "req-dearer", 30);
      // The user went back to the platform default: the retry costs 3, which the limit of 2 refuses.
      await useProvider(alice.uid, null);
      const refused = await expectCallError(ai.generateText({ prompt, requestId: "req-dearer" }), "permission-denied");
      expect(isCreditLimitError(refused), "isCreditLimitError").to.equal(true);
      expect(await usageOf(alice.uid)).to.include({ used: 1, limit: 2 });

      // With room for it, the retry takes the reservation over at its own cost, charged once.
      await adminDb()
        .doc("config/roles")
        .set({ free: { maxAiUsesMonthly: 4 } });
      await ai.generateText({ prompt, requestId: "req-dearer" });
      expect(await usageOf(alice.uid)).to.include({ used: 3, limit: 4 });
      release();
      await first;
      expect(await usageOf(alice.uid)).to.include({ used: 3 });
      expect(await inFlightOf(alice.uid)).to.deep.equal({});
    });
  });
});
