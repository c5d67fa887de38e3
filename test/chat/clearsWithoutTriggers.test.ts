import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { sleep } from "../../functions/src/common/time.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { finishedRuns } from "../helpers/emulatorLogs.js";
import { clearEmulatorData } from "../helpers/emulators.js";
import { useEmptyEmulators } from "../helpers/suite.js";

const TEAM_ID = "clear-team";
const CHANNELS = 5;

/**
 * The test harness itself: `npm test` clears the emulators between tests with the background
 * triggers off (test/helpers/emulators.ts `clearEmulatorData`, scripts/lib/quick-trigger-switch.cjs),
 * and the triggers are on again for the test that follows.
 */
describe("npm test's clear between tests: no delete trigger runs for it", function () {
  this.timeout(60_000);
  useEmptyEmulators();

  it("deletes five channels without a channel trigger, and the next deletion runs the trigger", async () => {
    expect(process.env.PIXA_QUICK_TRIGGER_SWITCH, "npm test sets the quick trigger switch").to.equal("1");
    const db = adminDb();
    const now = Timestamp.now();
    const channel = (id: string) => db.doc(`teams/${TEAM_ID}/channels/${id}`);
    const fields = { isDirectMessage: false, memberIds: [], createdBy: "owner-uid", createdAt: now };
    for (let i = 0; i < CHANNELS; i += 1) await channel(`c${i}`).set({ name: `c${i}`, ...fields });
    const before = await finishedRuns("chat-onChannelDeleted");

    await clearEmulatorData();
    expect((await db.collection(`teams/${TEAM_ID}/channels`).count().get()).data().count, "the clear deleted them").to.equal(0);

    // A channel deleted after the clear: its trigger runs, so the triggers are on again. A clear's
    // event that came late would run its trigger too; the second's grace lets one arrive.
    await channel("after").set({ name: "after", ...fields });
    await channel("after").delete();
    await eventually(
      "the trigger of the channel deleted after the clear",
      async () => (await finishedRuns("chat-onChannelDeleted")) > before,
      30_000,
    );
    await sleep(1000);
    expect((await finishedRuns("chat-onChannelDeleted")) - before).to.equal(1);
  });
});
