import { expect } from "chai";
import { FieldValue } from "firebase-admin/firestore";
import { USAGE_RESET_PAGE_SIZE } from "../../functions/src/ai/credits/monthlyReset.js";
import { periodOf } from "../../functions/src/ai/credits/period.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { loggedEvents } from "../helpers/emulatorLogs.js";
import { clearEmulatorData, discoverEmulators } from "../helpers/emulators.js";
import { currentPeriod, profileOf, runScheduled, setUsage, usageOf } from "./support.js";

const previousPeriod = () => {
  const now = new Date();
  return periodOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)));
};

/** What one page task logged (`ai.monthlyUsageResetPage`). */
interface PageLog {
  run: string;
  shard: number;
  after: string | null;
  first: string | null;
  last: string | null;
  users: number;
  created: number;
  retryCount: number;
}

/** The page logs of the monthly job whose pages held user ids starting with `prefix`. */
async function pagesOf(prefix: string): Promise<PageLog[]> {
  const pages = (await loggedEvents("ai.monthlyUsageResetPage")) as unknown as PageLog[];
  return pages.filter((page) => page.first?.startsWith(prefix) || page.after?.startsWith(prefix));
}

async function usageDocsOf(period: string): Promise<number> {
  return (await adminDb().collectionGroup("usage").where("period", "==", period).count().get()).data().count;
}

describe("ai: the monthly usage job at scale (Cloud Tasks pages)", function () {
  // Thousands of documents through the task queue on a shared 2-core machine: minutes, not seconds.
  this.timeout(300_000);

  before(() => discoverEmulators(["tasks"]));
  beforeEach(clearEmulatorData);

  it("starts the new month for every user, keeps usage made since midnight, and changes nothing when run again", async () => {
    const period = currentPeriod();
    const db = adminDb();
    const u = `u${Date.now().toString(36)}-`;
    await Promise.all([
      db.doc(`users/${u}free`).set(profileOf("free")),
      db.doc(`users/${u}pro`).set(profileOf("pro")),
      db.doc(`users/${u}active`).set(profileOf("free")),
      db.doc("users/A-admin").set(profileOf("admin")),
      db.doc("users/0-unreadable").set({ name: "no role field at all" }),
      setUsage(`${u}free`, 50, 50, previousPeriod()),
      setUsage(`${u}pro`, 700, 1000, previousPeriod()),
      // Called AI after midnight, before the (late) run: that usage must survive it.
      setUsage(`${u}active`, 3, 50, period),
    ]);

    await runScheduled("ai-resetMonthlyUsage");
    await eventually("every user's usage for the month", async () => (await usageDocsOf(period)) === 5, 120_000);
    await runScheduled("ai-resetMonthlyUsage");
    await eventually("the second run's pages", async () => (await pagesOf(u)).length === 2, 120_000);

    expect(await usageOf(`${u}free`)).to.include({ used: 0, limit: 50, period });
    expect(await usageOf(`${u}pro`)).to.include({ used: 0, limit: 1000, period });
    expect(await usageOf("A-admin")).to.include({ used: 0, limit: null, period });
    expect(await usageOf("0-unreadable"), "a profile without a role gets the free limit").to.include({ used: 0, limit: 50, period });
    expect(await usageOf(`${u}active`)).to.include({ used: 3, limit: 50, period });
    expect(await usageOf(`${u}free`, previousPeriod())).to.include({ used: 50 });
    expect(await usageDocsOf(period)).to.equal(5);
    const [first, second] = await pagesOf(u);
    expect(first.run).to.not.equal(second.run);
    expect([first.created, second.created], "the second run created nothing").to.deep.equal([2, 0]);
  });

  it("walks a shard of 2,600 users in bounded pages and resumes after a page dies midway", async () => {
    const period = currentPeriod();
    const db = adminDb();
    const prefix = `q${Date.now().toString(36)}-`;
    const ids = Array.from({ length: 2_600 }, (_, i) => `${prefix}${String(i).padStart(5, "0")}`);
    const writer = db.bulkWriter();
    for (const id of ids) void writer.set(db.doc(`users/${id}`), profileOf(id.endsWith("7") ? "pro" : "free"));
    // Another shard's user, to show every shard runs.
    void writer.set(db.doc("users/Zed"), profileOf("free"));
    await writer.close();
    // The page after the 1,000th user fails once, after its writes and before it enqueues the next page.
    await db.doc("config/emulator").set({ failUsageResetPageAfter: ids[999] });

    await runScheduled("ai-resetMonthlyUsage");
    await eventually("every user's usage for the month", async () => (await usageDocsOf(period)) === ids.length + 1, 240_000);

    const pages = await eventually("the shard's last page logged", async () => {
      const logged = await pagesOf(prefix);
      return logged.some((page) => page.last === ids[ids.length - 1]) ? logged : null;
    });
    expect(pages.map((page) => page.users)).to.deep.equal([500, 500, 500, 500, 500, 100]);
    expect(Math.max(...pages.map((page) => page.users))).to.be.at.most(USAGE_RESET_PAGE_SIZE);
    expect(new Set(pages.map((page) => page.shard)).size, "one shard").to.equal(1);
    const retried = pages.filter((page) => page.retryCount > 0);
    expect(
      retried.map((page) => page.after),
      "only the failed page ran again",
    ).to.deep.equal([ids[999]]);
    expect(retried[0].created, "its writes were done before it died").to.equal(0);
    expect(pages.reduce((sum, page) => sum + page.created, 0)).to.equal(ids.length - 500);

    expect(await usageOf(ids[7])).to.include({ used: 0, limit: 1000, period });
    expect(await usageOf(ids[1500])).to.include({ used: 0, limit: 50, period });
    expect(await usageOf("Zed")).to.include({ used: 0, limit: 50, period });
    await db.doc("config/emulator").update({ failUsageResetPageAfter: FieldValue.delete() });
  });
});
