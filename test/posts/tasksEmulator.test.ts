/**
 * What the Cloud Tasks emulator does with the publishing queue (docs/emulators.md, "Cloud Tasks"):
 * it dispatches at once whatever the schedule time (firebase-tools #8254), it refuses a second
 * task with a used id, and it runs the queue with the rate limits of the function's options.
 */
import { expect } from "chai";
import { sleep } from "../../functions/src/common/time.js";
import { readEmulatorLogs } from "../helpers/emulatorLogs.js";
import { emulators, type HostPort } from "../helpers/emulators.js";
import { connectAccount, enqueueTask, readPost, schedulePost, usePublishing } from "./support.js";
import { signUpWithTeam } from "../helpers/clients.js";
import { eventually } from "../helpers/admin.js";
import { requeueEarlyTask, taskId, type PublishTask } from "../../functions/src/posts/queue.js";
import { EARLY_WAIT_MS, MAX_SCHEDULE_AHEAD_MS } from "../../functions/src/posts/timing.js";

const DAY = 24 * 3600_000;

async function tasksEmulator(): Promise<HostPort> {
  const hub = emulators.hub();
  const running = (await (await fetch(`http://${hub.host}:${hub.port}/emulators`)).json()) as Record<string, HostPort>;
  if (!running.tasks) throw new Error("The Cloud Tasks emulator is not running.");
  return running.tasks;
}

describe("posts: the Cloud Tasks emulator and the publishing queue", () => {
  const { fake } = usePublishing();

  it("dispatches a post's task at once although it is scheduled 10 minutes ahead; the task leaves it for later", async () => {
    const alice = await signUpWithTeam();
    const accountId = await connectAccount(alice, "X");
    const postId = await schedulePost(alice, { platform: "X", connectedAccountId: accountId, content: "Later", inMs: 10 * 60_000 });
    const deferred = await eventually(
      "the early task's log line",
      async () => (await readEmulatorLogs()).find((line) => line.includes("posts.taskDeferred") && line.includes(postId)),
      20_000,
    );
    const earlyMs = Number(/\\?"earlyMs\\?":(\d+)/.exec(deferred)?.[1]);
    expect(earlyMs, "how early the task came").to.be.greaterThan(9 * 60_000);
    await sleep(1000);
    expect((await readPost(alice.teamId, postId)).status).to.equal("scheduled");
    expect(fake().requests).to.have.length(0);
  });

  it("refuses a second task with an id already used (the trigger's dedupe relies on it)", async () => {
    const id = `same-id-${Date.now()}`;
    await enqueueTask({ teamId: "t", postId: "no-such-post", scheduledAt: 0 }, id);
    let code: unknown = null;
    try {
      await enqueueTask({ teamId: "t", postId: "no-such-post", scheduledAt: 0 }, id);
    } catch (error) {
      code = (error as { code?: unknown }).code;
    }
    expect(code).to.equal("functions/task-already-exists");
  });

  it("carries a post 70 days ahead to its time in hops, each enqueued under its own task id", async () => {
    // The emulator dispatches at once, so the hops are enqueued here at the times Cloud Tasks would
    // run them: the trigger's task at 29 days, hop 1 at 58 days, hop 2 at the post's time.
    const alice = await signUpWithTeam();
    const accountId = await connectAccount(alice, "X");
    const savedAt = Date.now();
    const postId = await schedulePost(alice, { platform: "X", connectedAccountId: accountId, content: "Far ahead", inMs: 70 * DAY });
    const dueAt = ((await readPost(alice.teamId, postId)).scheduledAt as { toMillis(): number }).toMillis();
    let task: PublishTask = { teamId: alice.teamId, postId, scheduledAt: dueAt, source: "schedule" };
    let runsAt = Math.min(dueAt, savedAt + MAX_SCHEDULE_AHEAD_MS);
    const ids = [taskId(task, String(dueAt))];
    const runTimes = [runsAt];
    while (dueAt - runsAt > EARLY_WAIT_MS) {
      const next = await requeueEarlyTask(task, dueAt, runsAt);
      expect(next.enqueued, `hop ${ids.length} is a new task, not refused as a used id`).to.equal(true);
      const retried = await requeueEarlyTask(task, dueAt, runsAt + 5000);
      expect([retried.id, retried.enqueued], "a retry of the same hop enqueues nothing new").to.deep.equal([next.id, false]);
      expect(next.task.hop).to.equal(ids.length);
      task = next.task;
      ids.push(next.id);
      runTimes.push((runsAt = next.scheduleTime));
    }
    expect(runTimes.map((t) => Math.round((t - savedAt) / DAY))).to.deep.equal([29, 58, 70]);
    expect(runsAt, "the last hop runs at the post's time").to.equal(dueAt);
    expect(new Set(ids).size, ids.join(", ")).to.equal(3);
    await sleep(1000);
    expect((await readPost(alice.teamId, postId)).status, "every early hop left the post alone").to.equal("scheduled");
    expect(fake().requests).to.have.length(0);
  });

  it("runs the publishing queue with the rate limits of the function's options (lowered locally)", async () => {
    const { host, port } = await tasksEmulator();
    const stats = (await (await fetch(`http://${host}:${port}/queueStats`)).json()) as Record<
      string,
      { maxConcurrent: number; maxRate: number }
    >;
    const queue = stats["queue:demo-pixasocial-us-central1-posts-publishTask"];
    expect(queue, JSON.stringify(Object.keys(stats))).to.not.equal(undefined);
    expect(queue).to.include({ maxConcurrent: 6, maxRate: 500 });
  });
});
