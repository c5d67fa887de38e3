import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { periodEnd, periodOf } from "../../functions/src/ai/credits/period.js";
import { adminDb } from "../helpers/admin.js";
import { signUp } from "../helpers/clients.js";
import { currentPeriod, expectCallError, reservedRequests, runScheduled, setUsage, usageOf, useProvider, warmWorkers, type CallError, useAiFakes } from "./support.js";
import type { GenerateImageResponse, TextResult } from "../../functions/src/models/ai.js";

const previousPeriod = () => {
  const now = new Date();
  return periodOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)));
};

describe("ai: credits", function () {
  this.timeout(120_000);
  const fakes = useAiFakes();

  it("lets exactly 5 of 50 simultaneous calls through when 5 credits are left", async function () {
    this.timeout(600_000);
    const alice = await signUp();
    await useProvider(alice.uid, "Gemini");
    await setUsage(alice.uid, 45);
    await warmWorkers(alice, "ai-generateText", 50);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => alice.call("ai-generateText", { prompt: `Call ${i}` })));
    const succeeded = results.filter((result) => result.status === "fulfilled");
    const refused = results.flatMap((result) => (result.status === "rejected" ? [result.reason as CallError] : []));
    expect(succeeded).to.have.length(5);
    expect(refused).to.have.length(45);
    for (const error of refused) {
      expect(error.code, error.message).to.equal("functions/permission-denied");
      expect(error.message).to.equal("AI credit limit reached");
      expect(error.details).to.include({ reason: "ai-credit-limit", limit: 50 });
    }
    expect(fakes.gemini.count()).to.equal(5);
    expect(await usageOf(alice.uid)).to.include({ used: 50, limit: 50 });
    expect(await reservedRequests(alice.uid)).to.equal(0);
  });

  it("makes one provider call and charges one credit for 5 simultaneous calls with one requestId", async () => {
    const alice = await signUp();
    await useProvider(alice.uid, "Gemini");
    await warmWorkers(alice, "ai-generateText", 5);
    fakes.gemini.delayMs = 800;
    const request = { prompt: "Write a slogan", requestId: "req-slogan-1" };
    const results = await Promise.all(Array.from({ length: 5 }, () => alice.call<TextResult>("ai-generateText", request)));
    expect(results.map((result) => result.text)).to.deep.equal(Array(5).fill("Fake Gemini answer."));
    expect(fakes.gemini.count()).to.equal(1);
    expect(await usageOf(alice.uid)).to.include({ used: 1 });

    const retry = await alice.call<TextResult>("ai-generateText", request);
    expect(retry.text).to.equal("Fake Gemini answer.");
    expect(fakes.gemini.count()).to.equal(1);
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
  });

  it("refuses a requestId reused for a different request", async () => {
    const alice = await signUp();
    await alice.call("ai-generateText", { prompt: "First", requestId: "req-1" });
    const error = await expectCallError(alice.call("ai-generateText", { prompt: "Second", requestId: "req-1" }), "invalid-argument");
    expect(error.message).to.contain("requestId");
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
  });

  it("lets a failed call be retried with the same requestId and charges only the success", async () => {
    const alice = await signUp();
    await useProvider(alice.uid, "Gemini");
    fakes.gemini.failNext(1, 503);
    await expectCallError(alice.call("ai-generateText", { prompt: "Hi", requestId: "retry-me" }), "unavailable");
    const result = await alice.call<TextResult>("ai-generateText", { prompt: "Hi", requestId: "retry-me" });
    expect(result.text).to.equal("Fake Gemini answer.");
    expect(await usageOf(alice.uid)).to.include({ used: 1 });
  });

  it("answers the credit error with used, limit and when the credits reset", async () => {
    const alice = await signUp();
    await setUsage(alice.uid, 50);
    const error = await expectCallError(alice.call("ai-generateAuditPlan", { campaignObjective: "Grow" }), "permission-denied");
    expect(error.message).to.equal("AI credit limit reached");
    expect(error.details).to.deep.equal({ reason: "ai-credit-limit", used: 50, limit: 50, resetsAt: periodEnd(currentPeriod()).toISOString() });
  });

  it("charges one credit per image and refuses a batch larger than the credits left", async () => {
    const alice = await signUp();
    await setUsage(alice.uid, 47);
    await expectCallError(alice.call("ai-generateImage", { prompt: "Cats", numberOfImages: 4 }), "permission-denied");
    const { images } = await alice.call<GenerateImageResponse>("ai-generateImage", { prompt: "Cats", numberOfImages: 3 });
    expect(images).to.have.length(3);
    expect(await usageOf(alice.uid)).to.include({ used: 50 });
  });

  it("takes each role's limit from config/roles", async () => {
    await adminDb().doc("config/roles").set({ free: { maxAiUsesMonthly: 2 } });
    const alice = await signUp();
    await alice.call("ai-generateText", { prompt: "1" });
    await alice.call("ai-generateText", { prompt: "2" });
    const error = await expectCallError(alice.call("ai-generateText", { prompt: "3" }), "permission-denied");
    expect(error.details).to.include({ used: 2, limit: 2 });
  });

  it("limits each user to 30 AI calls a minute", async () => {
    const alice = await signUp();
    const secondsLeft = 60 - new Date().getUTCSeconds();
    if (secondsLeft < 25) await new Promise((resolve) => setTimeout(resolve, secondsLeft * 1000 + 200));
    for (let i = 0; i < 30; i++) await alice.call("ai-generateText", { prompt: `n${i}` });
    const error = await expectCallError(alice.call("ai-generateText", { prompt: "one too many" }), "resource-exhausted");
    expect(error.details).to.include({ reason: "ai-rate-limit", limitPerMinute: 30 });
    expect(await usageOf(alice.uid)).to.include({ used: 30 });
  });

  it("starts a new month from zero without any reset", async () => {
    const alice = await signUp();
    await setUsage(alice.uid, 50, 50, previousPeriod());
    await alice.call("ai-generateText", { prompt: "New month" });
    expect(await usageOf(alice.uid)).to.include({ used: 1, limit: 50, period: currentPeriod() });
    expect(await usageOf(alice.uid, previousPeriod())).to.include({ used: 50 });
  });

  it("gives back the credits of a reservation whose function died (the sweeper)", async () => {
    const alice = await signUp();
    const period = currentPeriod();
    const requests = adminDb().collection(`users/${alice.uid}/aiRequests`);
    const reservation = (minutesAgo: number) => ({
      operation: "generateText",
      inputHash: "h",
      status: "reserved",
      cost: 2,
      period,
      leaseId: "lease",
      createdAt: Timestamp.fromMillis(Date.now() - minutesAgo * 60_000),
      updatedAt: Timestamp.now(),
      expiresAt: Timestamp.fromMillis(Date.now() + 86_400_000),
    });
    await requests.doc("dead").set(reservation(30));
    await requests.doc("running").set(reservation(1));
    await setUsage(alice.uid, 4);

    await runScheduled("ai-sweepReservations");

    expect((await requests.doc("dead").get()).get("status")).to.equal("released");
    expect((await requests.doc("running").get()).get("status")).to.equal("reserved");
    expect(await usageOf(alice.uid)).to.include({ used: 2 });
  });

  it("resets every user's usage for the new month when the monthly job runs, idempotently", async () => {
    const period = currentPeriod();
    const db = adminDb();
    const profile = (role: string) => ({ name: role, email: null, role, teamIds: [], defaultTeamId: null, activeAiProvider: null, walletAddress: null });
    await Promise.all([
      db.doc("users/u-free").set(profile("free")),
      db.doc("users/u-pro").set(profile("pro")),
      db.doc("users/u-active").set(profile("free")),
      setUsage("u-free", 50, 50, previousPeriod()),
      setUsage("u-pro", 700, 1000, previousPeriod()),
      // Called AI after midnight, before the (late) run: that usage must survive it.
      setUsage("u-active", 3, 50, period),
    ]);

    await runScheduled("ai-resetMonthlyUsage");
    await runScheduled("ai-resetMonthlyUsage");

    expect(await usageOf("u-free")).to.include({ used: 0, limit: 50, period });
    expect(await usageOf("u-pro")).to.include({ used: 0, limit: 1000, period });
    expect(await usageOf("u-active")).to.include({ used: 3, limit: 50, period });
    expect(await usageOf("u-free", previousPeriod())).to.include({ used: 50 });
  });
});
