/**
 * What the credit ledger must survive: answers Firestore cannot store as they are, a retry that
 * costs more than the dead reservation it takes over, and stored documents it cannot read
 * (`config/roles` written wrong by an admin, a usage document that no longer parses).
 */
import { expect } from "chai";
import { FieldValue } from "firebase-admin/firestore";
import { callables, isCreditLimitError } from "../../client/src/index.js";
import { shardRange, USAGE_RESET_SHARDS } from "../../functions/src/ai/credits/monthlyReset.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { expectCallError } from "../helpers/callables.js";
import { captureOutput } from "../helpers/captureOutput.js";
import { signUpVerified } from "../helpers/clients.js";
import {
  ageReservation,
  currentPeriod,
  inFlightOf,
  profileOf,
  usageOf,
  useAiFakes,
  useHandlerEnv,
  useProvider,
  withOwnKey,
} from "./support.js";

/** A `config/roles` with one bad entry of each kind beside a good one, and a field that is no role at all. */
const MALFORMED_ROLES = {
  updatedAt: FieldValue.serverTimestamp(),
  free: { maxAiUsesMonthly: 2.5 },
  pro: { maxAiUsesMonthly: 7 },
  admin: { maxAiUsesMonthly: -1 },
};

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

  it("replays a finished request although its key was removed since, with no provider call and no charge", async () => {
    await withOwnKey(fakes, { providerId: "Gemini", apiKey: "alice-own-gemini-key" }, async (alice, { ai, aiConfigs }) => {
      const first = await ai.generateText({ prompt: "Keep this", requestId: "req-kept" });
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
      await aiConfigs.save({ configs: [{ providerId: "Gemini", apiKey: null }] });
      // A new request has no key to run on now (the platform here has none either)...
      await expectCallError(ai.generateText({ prompt: "Keep this", requestId: "req-new" }), "failed-precondition");
      // ...but the retry of the finished one is answered from the ledger.
      const retry = await ai.generateText({ prompt: "Keep this", requestId: "req-kept" });
      expect(retry).to.deep.equal(first);
      expect(fakes.gemini.count(), "provider calls").to.equal(1);
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
    });
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

  it("applies the usable entries of a malformed config/roles and the defaults for the others", async () => {
    await adminDb().doc("config/roles").set(MALFORMED_ROLES);
    const alice = await signUpVerified();
    const bob = await signUpVerified();
    await adminDb().doc(`users/${bob.uid}`).update({ role: "pro" });
    await callables(alice.functions).ai.generateText({ prompt: "Hi" });
    await callables(bob.functions).ai.generateText({ prompt: "Hi" });
    expect(await usageOf(alice.uid), "free: fractional → the default").to.include({ used: 1, limit: 50 });
    expect(await usageOf(bob.uid), "pro: usable → applied").to.include({ used: 1, limit: 7 });
  });

  it("answers internal, not invalid-argument, when a stored document cannot be read", async () => {
    const alice = await signUpVerified();
    await adminDb().doc(`users/${alice.uid}/usage/${currentPeriod()}`).set({ used: "many", limit: 50, period: currentPeriod() });
    const error = await expectCallError(callables(alice.functions).ai.generateText({ prompt: "Hi" }), "internal");
    expect(error.message).to.not.contain("Invalid request");
    expect(error.details).to.equal(undefined);
  });

  describe("the monthly reset (a page run in this process)", () => {
    useHandlerEnv();

    it("runs with a malformed config/roles, and logs each unusable entry", async () => {
      const { resetUsagePage } = await import("../../functions/src/ai/credits/monthlyReset.js");
      await adminDb().doc("config/roles").set(MALFORMED_ROLES);
      await Promise.all(["free", "pro", "admin"].map((role) => adminDb().doc(`users/R-${role}`).set(profileOf(role))));
      const shard = Array.from({ length: USAGE_RESET_SHARDS }, (_, i) => i).find((i) => shardRange(i).start === "R") ?? -1;
      const period = "2099-01";

      let created = 0;
      const output = await captureOutput(async () => {
        created = (await resetUsagePage({ period, run: "test", shard, after: null })).created;
      });

      expect(created).to.equal(3);
      expect(await usageOf("R-free", period)).to.include({ used: 0, limit: 50 });
      expect(await usageOf("R-pro", period)).to.include({ used: 0, limit: 7 });
      expect(await usageOf("R-admin", period)).to.include({ used: 0, limit: null });
      const warnings = output.split("\n").filter((line) => line.includes("identity.roleLimitUnusable"));
      expect(warnings.map((line) => (JSON.parse(line) as { role: string }).role).sort()).to.deep.equal(["admin", "free"]);
    });
  });
});
