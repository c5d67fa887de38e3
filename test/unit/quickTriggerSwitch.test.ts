import { expect } from "chai";
import { createRequire } from "node:module";
import { join } from "node:path";

// What `npm test` gives firebase-tools (scripts/lib/quick-trigger-switch.cjs), applied here to
// firebase-tools' own functions emulator class and work queue. The emulator test beside the
// suites' clear (test/chat/clearsWithoutTriggers.test.ts) checks it under the real emulators.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { quickTriggerSwitch, CLEAR_BARRIER_DOCUMENT } = require(
  join(__dirname, "..", "..", "scripts", "lib", "quick-trigger-switch.cjs"),
) as {
  quickTriggerSwitch(): boolean;
  CLEAR_BARRIER_DOCUMENT: string;
};

type Def = { id: string; entryPoint: string; httpsTrigger?: object; eventTrigger?: object };
type TriggerRecord = { def: Def; enabled: boolean };
type Answer = { code?: number; body?: string };
type Emulator = {
  triggers: Record<string, TriggerRecord>;
  triggerGeneration: number;
  workQueue: { submit(work: () => Promise<void>): void; start(): Promise<void>; stop(): void; flush(timeoutMs?: number): Promise<void> };
  staticBackends: unknown[];
  dynamicBackends: unknown[];
  disableBackgroundTriggers(): Promise<void>;
  reloadTriggers(): Promise<void>;
  handleHttpsTrigger(req: object, res: object): Promise<void>;
};

const firebaseTools = createRequire(require.resolve("firebase-tools/package.json"));
const { FunctionsEmulator } = firebaseTools("./lib/emulator/functionsEmulator") as { FunctionsEmulator: { prototype: Emulator } };
const { WorkQueue } = firebaseTools("./lib/emulator/workQueue") as { WorkQueue: new () => Emulator["workQueue"] };

const TEAMS_CREATE: Def = { id: "us-central1-teams-create", entryPoint: "teams.create", httpsTrigger: {} };
const ON_CHANNEL_DELETED: Def = { id: "us-central1-chat-onChannelDeleted", entryPoint: "chat.onChannelDeleted", eventTrigger: {} };
const ON_MESSAGE_DELETED: Def = { id: "us-central1-chat-onMessageDeleted", entryPoint: "chat.onMessageDeleted", eventTrigger: {} };
const ON_POST_WRITTEN: Def = { id: "us-central1-posts-onPostWritten", entryPoint: "posts.onPostWritten", eventTrigger: {} };

/** A functions emulator holding `defs`, every trigger on, with firebase-tools' own work queue. */
function emulatorWith(defs: Def[]) {
  const reloads: number[] = [];
  const emulator = Object.assign(Object.create(FunctionsEmulator.prototype) as Emulator, {
    triggers: Object.fromEntries(defs.map((def) => [def.id, { def, enabled: true }])),
    triggerGeneration: 0,
    workQueue: new WorkQueue(),
    staticBackends: [],
    dynamicBackends: [],
    // firebase-tools' reload ends here; recorded so that a test sees whether it ran.
    performPostLoadOperations: async () => void reloads.push(emulator.triggerGeneration),
    barrierLimitMs: 300,
  });
  return { emulator, reloads };
}

const enabled = (emulator: Emulator) =>
  Object.fromEntries(Object.values(emulator.triggers).map((record) => [record.def.id, record.enabled]));

/** What firebase-tools' route for a trigger answers (the Firestore emulator's events arrive there). */
async function deliver(emulator: Emulator, def: Def, document = "teams/t/channels/c"): Promise<Answer> {
  const answer: Answer = {};
  const res = {
    status(code: number) {
      answer.code = code;
      return res;
    },
    send(body: string) {
      answer.body = body;
      return res;
    },
  };
  const url = `/functions/projects/p/triggers/${def.id}`;
  await emulator.handleHttpsTrigger({ method: "POST", params: { trigger_name: def.id }, url, headers: { "ce-document": document } }, res);
  return answer;
}

describe("unit: quick background trigger switch (npm test's firebase-tools preload)", () => {
  before(() => expect(quickTriggerSwitch(), "firebase-tools' functions emulator moved: see the preload").to.equal(true));

  it("applies once", () => {
    const disable = FunctionsEmulator.prototype.disableBackgroundTriggers;
    expect(quickTriggerSwitch()).to.equal(true);
    expect(FunctionsEmulator.prototype.disableBackgroundTriggers).to.equal(disable);
  });

  it("switches the event triggers off, leaves callables on, and drops the events that arrive meanwhile", async () => {
    const { emulator } = emulatorWith([TEAMS_CREATE, ON_CHANNEL_DELETED, ON_MESSAGE_DELETED]);
    await emulator.disableBackgroundTriggers();
    expect(enabled(emulator)).to.deep.equal({
      [TEAMS_CREATE.id]: true,
      [ON_CHANNEL_DELETED.id]: false,
      [ON_MESSAGE_DELETED.id]: false,
    });
    expect(await deliver(emulator, ON_CHANNEL_DELETED)).to.deep.equal({ code: 204, body: "Background triggers are currently disabled." });
  });

  it("switches the same triggers on again without reloading the functions, once the clear's barrier has been dropped", async () => {
    const { emulator, reloads } = emulatorWith([TEAMS_CREATE, ON_CHANNEL_DELETED, ON_MESSAGE_DELETED, ON_POST_WRITTEN]);
    await emulator.disableBackgroundTriggers();
    await emulator.disableBackgroundTriggers();
    let on = false;
    const switchingOn = emulator.reloadTriggers().then(() => (on = true));
    await deliver(emulator, ON_POST_WRITTEN, CLEAR_BARRIER_DOCUMENT);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(on, "after one of the barrier's two events").to.equal(false);
    expect(await deliver(emulator, ON_POST_WRITTEN, CLEAR_BARRIER_DOCUMENT)).to.include({ code: 204 });
    await switchingOn;
    expect(enabled(emulator)).to.deep.equal({
      [TEAMS_CREATE.id]: true,
      [ON_CHANNEL_DELETED.id]: true,
      [ON_MESSAGE_DELETED.id]: true,
      [ON_POST_WRITTEN.id]: true,
    });
    expect(reloads, "firebase-tools' reload").to.deep.equal([]);
    expect(emulator.triggerGeneration).to.equal(0);
  });

  it("counts the barrier's events from the last switch off, and switches on after its limit without them", async () => {
    const { emulator, reloads } = emulatorWith([ON_POST_WRITTEN]);
    await emulator.disableBackgroundTriggers();
    await deliver(emulator, ON_POST_WRITTEN, CLEAR_BARRIER_DOCUMENT);
    await deliver(emulator, ON_POST_WRITTEN, CLEAR_BARRIER_DOCUMENT);
    await emulator.disableBackgroundTriggers();
    await deliver(emulator, ON_POST_WRITTEN, "teams/t/scheduledPosts/p");
    const started = Date.now();
    await emulator.reloadTriggers();
    expect(Date.now() - started, "waited for the barrier until its limit").to.be.at.least(290);
    expect(enabled(emulator)).to.deep.equal({ [ON_POST_WRITTEN.id]: true });
    expect(reloads).to.deep.equal([]);
  });

  it("leaves switching on to firebase-tools' reload when the functions were reloaded since, or nothing was switched off", async () => {
    const { emulator, reloads } = emulatorWith([ON_CHANNEL_DELETED]);
    await emulator.reloadTriggers();
    expect(reloads).to.deep.equal([1]);

    await emulator.disableBackgroundTriggers();
    emulator.triggerGeneration += 1; // a reload (a changed source) since the switch went off
    await emulator.reloadTriggers();
    expect(reloads).to.deep.equal([1, 3]);
  });

  it("leaves switching on to firebase-tools' reload when a trigger is on again already", async () => {
    const { emulator, reloads } = emulatorWith([ON_CHANNEL_DELETED, ON_MESSAGE_DELETED]);
    await emulator.disableBackgroundTriggers();
    emulator.triggers[ON_MESSAGE_DELETED.id].enabled = true;
    await emulator.reloadTriggers();
    expect(reloads).to.deep.equal([1]);
  });

  it("waits for the executions already queued before answering", async () => {
    const { emulator } = emulatorWith([ON_CHANNEL_DELETED]);
    const queue = emulator.workQueue;
    void queue.start();
    let finished = false;
    queue.submit(async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      finished = true;
    });
    try {
      await emulator.disableBackgroundTriggers();
      expect(finished).to.equal(true);
    } finally {
      queue.stop();
    }
  });

  it("switches off even when the queued executions do not finish in time", async () => {
    const { emulator } = emulatorWith([ON_CHANNEL_DELETED]);
    const limits: Array<number | undefined> = [];
    emulator.workQueue.flush = async (timeoutMs?: number) => {
      limits.push(timeoutMs);
      throw new Error(`Functions work queue not empty after ${timeoutMs}ms`);
    };
    await emulator.disableBackgroundTriggers();
    expect(enabled(emulator)).to.deep.equal({ [ON_CHANNEL_DELETED.id]: false });
    expect(limits).to.deep.equal([20_000]);
  });
});
