import { expect } from "chai";
import { periodEnd, periodOf } from "../../functions/src/ai/credits/period.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { sweepKeyOf } from "../../functions/src/ai/credits/ledger.js";
import {
  ageReservation,
  callsThisMinute,
  withinOneMinute,
  currentPeriod,
  inFlightOf,
  reservedRequests,
  runScheduled,
  setUsage,
  usageOf,
  useProvider,
  warmWorkers,
  useAiFakes,
  useHandlerEnv,
} from "./support.js";
import { getDoc } from "firebase/firestore";
import type { FunctionsError } from "firebase/functions";
import { aiUsageRef, callables, isCreditLimitError, isRetryLaterError, retryAfterMs } from "../../client/src/index.js";
import { expectCallError } from "../helpers/callables.js";
import { signUpVerified } from "../helpers/clients.js";

const previousPeriod = () => {
  const now = new Date();
  return periodOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)));
};

describe("ai: credits", function () {
  this.timeout(120_000);
  const fakes = useAiFakes();

  it("never lets 50 simultaneous calls past the 5 credits left (nor past 3 at once)", async function () {
    this.timeout(600_000);
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    await setUsage(alice.uid, 45);
    // Sent at once; npm test's emulators run 8 function executions at a time (scripts/test.mjs),
    // so 8 of them contend for the usage document at any moment.
    await warmWorkers(alice, "ai-generateText", 50);
    const { ai } = callables(alice.functions);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => ai.generateText({ prompt: `Call ${i}` })));
    const succeeded = results.filter((result) => result.status === "fulfilled").length;
    const refused = results.flatMap((result) =>
      result.status === "rejected" ? [result.reason as FunctionsError & { details?: { reason?: string } }] : [],
    );
    const reasons = refused.map((error) => String(error.details?.reason ?? error.code));
    expect(succeeded, `refusals: ${JSON.stringify(reasons)}`).to.be.within(1, 5);
    expect(refused).to.have.length(50 - succeeded);
    for (const error of refused) {
      if (error.details?.reason === "ai-credit-limit") {
        expect(error.code, error.message).to.equal("functions/permission-denied");
        expect(error.message).to.equal("AI credit limit reached");
        expect(error.details).to.include({ limit: 50 });
        expect(isCreditLimitError(error), "isCreditLimitError").to.equal(true);
      } else {
        // The concurrency cap (3 running per user) refuses the rest while credits are left.
        expect(error.code, error.message).to.equal("functions/resource-exhausted");
        expect(error.details).to.include({ reason: "ai-too-many-in-flight" });
        expect(isRetryLaterError(error), "isRetryLaterError").to.equal(true);
      }
    }
    expect(fakes.gemini.count()).to.equal(succeeded);
    expect(await usageOf(alice.uid)).to.include({ used: 45 + succeeded, limit: 50 });
    expect(await reservedRequests(alice.uid)).to.equal(0);
  });

  it("makes one provider call and charges one credit for 5 simultaneous calls with one requestId; the others are told to retry", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    await warmWorkers(alice, "ai-generateText", 5);
    fakes.gemini.delayMs = 1500;
    await withinOneMinute(15);
    const request = { prompt: "Write a slogan", requestId: "req-slogan-1" };
    const { ai } = callables(alice.functions);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => ai.generateText(request)));
    const answers = results.flatMap((result) => (result.status === "fulfilled" ? [result.value.text] : []));
    const told = results.flatMap((result) => (result.status === "rejected" ? [result.reason as FunctionsError] : []));
    expect(answers.length).to.be.at.least(1);
    expect(answers).to.deep.equal(Array(answers.length).fill("Fake Gemini answer."));
    for (const error of told) {
      expect(error.code, error.message).to.equal("functions/unavailable");
      expect(error.details).to.deep.equal({ reason: "ai-request-in-flight", retryAfterSeconds: 2 });
      expect(isRetryLaterError(error), "isRetryLaterError").to.equal(true);
      expect(retryAfterMs(error)).to.equal(2000);
    }
    // Counted by prompt: a call of an earlier test that outlived its client must not count here.
    const sloganCalls = () => fakes.gemini.calls.filter((call) => JSON.stringify(call.body).includes("Write a slogan")).length;
    expect(sloganCalls()).to.equal(1);
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
    // Every attempt counted toward the rate limit, the answered retries included.
    expect(await callsThisMinute(alice.uid)).to.be.at.least(told.length + 1);

    const retry = await ai.generateText(request);
    expect(retry.text).to.equal("Fake Gemini answer.");
    expect(sloganCalls()).to.equal(1);
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
  });

  it("answers a retry of a running request at once, counting it toward the rate limit", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    const release = fakes.gemini.holdNext();
    await withinOneMinute(10);
    const request = { prompt: "Slow", requestId: "req-slow-1" };
    const { ai } = callables(alice.functions);
    let firstDone = false;
    const first = ai.generateText(request).finally(() => (firstDone = true));
    await eventually("the first call's reservation", async () => "req-slow-1" in (await inFlightOf(alice.uid)));
    const error = await expectCallError(ai.generateText(request), "unavailable");
    // Answered while the first call still runs: the retry did not wait for it.
    expect(firstDone).to.equal(false);
    expect(error.details).to.include({ reason: "ai-request-in-flight" });
    expect(await callsThisMinute(alice.uid)).to.equal(2);
    release();
    expect((await first).text).to.equal("Fake Gemini answer.");
  });

  it("lets a retry take over a dead function's reservation of its requestId, and charges the call once", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    const release = fakes.gemini.holdNext();
    const request = { prompt: "Taken over", requestId: "req-takeover" };
    const { ai } = callables(alice.functions);
    const callsBefore = fakes.gemini.calls.length;
    const first = ai.generateText(request);
    await eventually("the first call's reservation", async () => "req-takeover" in (await inFlightOf(alice.uid)));
    // The first call must be the one the fake holds: a retry that reached the fake first would
    // be held instead, and wait for a release that comes only after it answers (seen once on a
    // busy machine: the first call's cold worker was still on its way to the provider).
    await eventually("the first call held by the fake provider", async () => fakes.gemini.calls.length > callsBefore);
    // Its function looks dead: the retry takes the lease over instead of being told to wait.
    await ageReservation(alice.uid, "req-takeover", 30);
    const retry = await ai.generateText(request);
    expect(retry.text).to.equal("Fake Gemini answer.");
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
    // The first call still ends with its answer, and is not charged a second time.
    release();
    expect((await first).text).to.equal("Fake Gemini answer.");
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
    expect(await inFlightOf(alice.uid)).to.deep.equal({});
  });

  it("lets at most 3 calls of one user run at once, and frees the slot when a call ends", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    await warmWorkers(alice, "ai-generateText", 4);
    const release = fakes.gemini.holdNext(3);
    const { ai } = callables(alice.functions);
    const running = [1, 2, 3].map((i) => ai.generateText({ prompt: `Slow ${i}` }));
    await eventually("three reservations", async () => (await reservedRequests(alice.uid)) === 3);
    const error = await expectCallError(ai.generateText({ prompt: "One more" }), "resource-exhausted");
    expect(error.details).to.deep.equal({ reason: "ai-too-many-in-flight", maxConcurrent: 3 });
    expect(isRetryLaterError(error), "isRetryLaterError").to.equal(true);
    release();
    await Promise.all(running);
    await ai.generateText({ prompt: "Now there is room" });
    expect(await usageOf(alice.uid)).to.include({ used: 4 });
    expect(await inFlightOf(alice.uid)).to.deep.equal({});
  });

  it("does not count a dead function's reservation toward the concurrency cap (and gives its credit back)", async () => {
    const alice = await signUpVerified();
    const longAgo = Date.now() - 60 * 60_000;
    const dead = { leaseId: "gone", cost: 1, at: longAgo, operation: "generateText", inputHash: "h" };
    await adminDb()
      .doc(`users/${alice.uid}/usage/${currentPeriod()}`)
      .set({ used: 3, limit: 50, period: currentPeriod(), inFlight: { a: dead, b: dead, c: dead } });
    await callables(alice.functions).ai.generateText({ prompt: "Hi" });
    expect(await inFlightOf(alice.uid)).to.deep.equal({});
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
  });

  describe("a reservation released while its call still runs (sweeper run in this process)", () => {
    // The sweeper runs here rather than through its trigger: a cold emulator worker can take
    // longer to start than the slow call takes, on a busy machine. The trigger itself is
    // covered by "gives back the credits of a reservation whose function died".
    useHandlerEnv();
    const sweepNow = async () => (await import("../../functions/src/ai/credits/sweeper.js")).sweepReservations();

    it("never exceeds the monthly limit when a released reservation settles late (it is refused)", async () => {
      await adminDb()
        .doc("config/roles")
        .set({ free: { maxAiUsesMonthly: 1 } });
      const alice = await signUpVerified();
      await useProvider(alice.uid, "Gemini");
      const release = fakes.gemini.holdNext();
      const slow = callables(alice.functions).ai.generateText({ prompt: "Slow", requestId: "slow-call" });
      const slowRef = adminDb().doc(`users/${alice.uid}/aiRequests/slow-call`);
      await eventually("the slow call's reservation", async () => "slow-call" in (await inFlightOf(alice.uid)));
      // The sweeper takes it for a dead function's reservation and gives the credit back...
      await ageReservation(alice.uid, "slow-call", 30);
      await sweepNow();
      expect(await inFlightOf(alice.uid)).to.not.have.property("slow-call");
      expect(await usageOf(alice.uid)).to.include({ used: 0 });
      // ...which the user spends again (here directly) while the slow call still runs.
      await setUsage(alice.uid, 1, 1);
      release();
      const slowError = await expectCallError(slow, "permission-denied");
      expect(slowError.details).to.include({ reason: "ai-credit-limit", used: 1, limit: 1 });
      expect(isCreditLimitError(slowError), "isCreditLimitError").to.equal(true);
      expect(await usageOf(alice.uid)).to.include({ used: 1, limit: 1 });
      expect((await slowRef.get()).exists, "a refused result is not settled").to.equal(false);
    });

    it("releases the dead reservations of every user even when another usage document is malformed", async () => {
      const alice = await signUpVerified();
      const period = currentPeriod();
      const dead = { leaseId: "gone", cost: 1, at: Date.now() - 30 * 60_000, operation: "generateText", inputHash: "h" };
      const inFlight = { dead };
      const due = sweepKeyOf(alice.uid, inFlight) ?? "";
      // Sorted before alice's in her shard, so the sweeper meets it first.
      await adminDb()
        .doc(`users/broken/usage/${period}`)
        .set({ used: "many", sweepKey: `${due.split("/")[0]}/2000-01-01T00:00` });
      await adminDb().doc(`users/${alice.uid}/usage/${period}`).set({ used: 3, limit: 50, period, inFlight, sweepKey: due });

      expect(await sweepNow()).to.equal(1);
      expect(await inFlightOf(alice.uid)).to.deep.equal({});
      expect(await usageOf(alice.uid)).to.include({ used: 2 });
      expect((await adminDb().doc(`users/broken/usage/${period}`).get()).get("used")).to.equal("many");
    });

    it("charges a released reservation that settles late when the credit is still free", async () => {
      const alice = await signUpVerified();
      await useProvider(alice.uid, "Gemini");
      const release = fakes.gemini.holdNext();
      const slow = callables(alice.functions).ai.generateText({ prompt: "Slow", requestId: "slow-free" });
      const slowRef = adminDb().doc(`users/${alice.uid}/aiRequests/slow-free`);
      await eventually("the slow call's reservation", async () => "slow-free" in (await inFlightOf(alice.uid)));
      await ageReservation(alice.uid, "slow-free", 30);
      await sweepNow();
      expect(await inFlightOf(alice.uid)).to.not.have.property("slow-free");
      expect(await usageOf(alice.uid)).to.include({ used: 0 });
      release();
      expect((await slow).text).to.equal("Fake Gemini answer.");
      expect(await usageOf(alice.uid)).to.include({ used: 1 });
      expect((await slowRef.get()).get("status")).to.equal("settled");
    });
  });

  it("refuses a requestId reused for a different request", async () => {
    const alice = await signUpVerified();
    const { ai } = callables(alice.functions);
    await ai.generateText({ prompt: "First", requestId: "req-1" });
    const error = await expectCallError(ai.generateText({ prompt: "Second", requestId: "req-1" }), "invalid-argument");
    expect(error.message).to.contain("requestId");
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
  });

  it("lets a failed call be retried with the same requestId and charges only the success", async () => {
    const alice = await signUpVerified();
    await useProvider(alice.uid, "Gemini");
    fakes.gemini.failNext(1, 503);
    const { ai } = callables(alice.functions);
    await expectCallError(ai.generateText({ prompt: "Hi", requestId: "retry-me" }), "unavailable");
    const result = await ai.generateText({ prompt: "Hi", requestId: "retry-me" });
    expect(result.text).to.equal("Fake Gemini answer.");
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
  });

  it("answers the credit error with used, limit and when the credits reset", async () => {
    const alice = await signUpVerified();
    await setUsage(alice.uid, 50);
    const error = await expectCallError(
      callables(alice.functions).ai.generateAuditPlan({ campaignObjective: "Grow" }),
      "permission-denied",
    );
    expect(error.message).to.equal("AI credit limit reached");
    expect(error.details).to.deep.equal({
      reason: "ai-credit-limit",
      used: 50,
      limit: 50,
      resetsAt: periodEnd(currentPeriod()).toISOString(),
    });
    if (!isCreditLimitError(error)) return expect.fail("isCreditLimitError must recognise the credit error");
    expect({ used: error.details.used, limit: error.details.limit, resetsAt: error.details.resetsAt }).to.deep.equal({
      used: 50,
      limit: 50,
      resetsAt: periodEnd(currentPeriod()).toISOString(),
    });
    // What the frontend shows next to it: the user's own usage document, read through the typed ref.
    const own = (await getDoc(aiUsageRef(alice.db, alice.uid, currentPeriod()))).data();
    expect(own).to.include({ used: 50, limit: 50, period: currentPeriod() });
  });

  it("charges one credit per image and refuses a batch larger than the credits left", async () => {
    const alice = await signUpVerified();
    await setUsage(alice.uid, 47);
    const { ai } = callables(alice.functions);
    const refused = await expectCallError(ai.generateImage({ prompt: "Cats", numberOfImages: 4 }), "permission-denied");
    expect(isCreditLimitError(refused), "isCreditLimitError").to.equal(true);
    const { images } = await ai.generateImage({ prompt: "Cats", numberOfImages: 3 });
    expect(images).to.have.length(3);
    expect(await usageOf(alice.uid)).to.include({ used: 50 });
  });

  it("takes each role's limit from config/roles", async () => {
    await adminDb()
      .doc("config/roles")
      .set({ free: { maxAiUsesMonthly: 2 } });
    const alice = await signUpVerified();
    const { ai } = callables(alice.functions);
    await ai.generateText({ prompt: "1" });
    await ai.generateText({ prompt: "2" });
    const error = await expectCallError(ai.generateText({ prompt: "3" }), "permission-denied");
    expect(error.details).to.include({ used: 2, limit: 2 });
    expect(isCreditLimitError(error), "isCreditLimitError").to.equal(true);
  });

  it("limits each user to 30 AI calls a minute", async () => {
    const alice = await signUpVerified();
    await withinOneMinute(25);
    const { ai } = callables(alice.functions);
    for (let i = 0; i < 30; i++) await ai.generateText({ prompt: `n${i}` });
    const error = await expectCallError(ai.generateText({ prompt: "one too many" }), "resource-exhausted");
    expect(error.details).to.include({ reason: "ai-rate-limit", limitPerMinute: 30 });
    expect(isRetryLaterError(error), "isRetryLaterError").to.equal(true);
    expect(await usageOf(alice.uid)).to.include({ used: 30 });
  });

  it("starts a new month from zero without any reset", async () => {
    const alice = await signUpVerified();
    await setUsage(alice.uid, 50, 50, previousPeriod());
    await callables(alice.functions).ai.generateText({ prompt: "New month" });
    expect(await usageOf(alice.uid)).to.include({ used: 1, limit: 50, period: currentPeriod() });
    expect((await getDoc(aiUsageRef(alice.db, alice.uid, currentPeriod()))).data()).to.include({ used: 1, limit: 50 });
    expect(await usageOf(alice.uid, previousPeriod())).to.include({ used: 50 });
  });

  it("gives back the credits of a reservation whose function died (the sweeper)", async () => {
    const alice = await signUpVerified();
    const period = currentPeriod();
    const reservation = (minutesAgo: number) => ({
      operation: "generateText",
      inputHash: "h",
      cost: 2,
      leaseId: "lease",
      at: Date.now() - minutesAgo * 60_000,
    });
    const inFlight = { dead: reservation(30), running: reservation(1) };
    await adminDb()
      .doc(`users/${alice.uid}/usage/${period}`)
      .set({ used: 4, limit: 50, period, inFlight, sweepKey: sweepKeyOf(alice.uid, inFlight) });

    await runScheduled("ai-sweepReservations");

    expect(Object.keys(await inFlightOf(alice.uid))).to.deep.equal(["running"]);
    expect(await usageOf(alice.uid)).to.include({ used: 2 });
    // The next sweep is due when the running call would turn stale.
    const usage = await adminDb().doc(`users/${alice.uid}/usage/${period}`).get();
    expect(usage.get("sweepKey")).to.equal(sweepKeyOf(alice.uid, { running: inFlight.running }));
  });
});
