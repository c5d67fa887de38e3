import { expect } from "chai";
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";

// What `npm test` gives firebase-tools (scripts/lib/shared-function-workers.cjs), applied here to
// firebase-tools' own functions emulator classes, driven with a stand-in worker process.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { shareFunctionWorkers } = require(join(__dirname, "..", "..", "scripts", "lib", "shared-function-workers.cjs")) as {
  shareFunctionWorkers(): boolean;
};

type Def = { id: string; entryPoint: string; platform: string; httpsTrigger?: object; eventTrigger?: object; timeoutSeconds?: number };
type Backend = { codebase: string; runtime: string; secretEnv?: Array<{ key: string }> };
type Runtime = {
  process: EventEmitter & { killed: boolean; send(message: string, done: (error?: Error) => void): boolean; kill(): boolean };
  events: EventEmitter;
  conn: { httpReqOpts(): object };
};
type Worker = { state: string; timeoutSeconds?: number; triggerKey: string; runtime: Runtime };
type Pool = {
  readyForWork(triggerId: string, runtime?: string): boolean;
  getKey(triggerId?: string, runtime?: string): string;
  submitRequest(
    triggerId: string,
    req: object,
    resp: NodeJS.WritableStream,
    body: Buffer | undefined,
    debug: undefined,
    runtime: string,
  ): Promise<void>;
  getTriggerWorkers(triggerId?: string, runtime?: string): Worker[];
};
type Emulator = {
  addTriggerRecord(def: Def, opts: { backend: Backend; ignored: boolean }): void;
  startRuntime(backend: Backend, trigger?: Def): Promise<Worker>;
  getEmulatorEnvs(): Record<string, string>;
};

const firebaseTools = createRequire(require.resolve("firebase-tools/package.json"));
const { RuntimeWorkerPool } = firebaseTools("./lib/emulator/functionsRuntimeWorker") as { RuntimeWorkerPool: new (mode: string) => Pool };
const { FunctionsEmulator, IPCConn } = firebaseTools("./lib/emulator/functionsEmulator") as {
  FunctionsEmulator: { prototype: Emulator & { getTriggerKey(def: Def): string } };
  IPCConn: new (socketPath: string) => { httpReqOpts(): object };
};
const { FunctionsExecutionMode } = firebaseTools("./lib/emulator/types") as { FunctionsExecutionMode: { AUTO: string } };

const TEAMS_CREATE: Def = {
  id: "us-central1-teams-create",
  entryPoint: "teams.create",
  platform: "gcfv2",
  httpsTrigger: {},
  timeoutSeconds: 60,
};
const ON_CHANNEL_DELETED: Def = {
  id: "us-central1-chat-onChannelDeleted",
  entryPoint: "chat.onChannelDeleted",
  platform: "gcfv2",
  eventTrigger: {},
  timeoutSeconds: 540,
};

/** A worker's HTTP side on a unix socket, recording each request with the connection it came on. */
function workerServer(socketPath: string, seen: Array<{ path: string; connection: number; messagesBefore: number }>, messages: string[]) {
  let connections = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    if (req.url !== "/__/health")
      seen.push({ path: req.url ?? "", connection: (req.socket as unknown as { n: number }).n, messagesBefore: messages.length });
    res.end("ok");
  });
  server.on("connection", (socket) => Object.assign(socket, { n: (connections += 1) }));
  return new Promise<Server>((resolve) => server.listen(socketPath, () => resolve(server)));
}

/** A functions emulator with one codebase, its triggers recorded, starting stand-in workers. */
function emulatorWith(defs: Def[], socketPath: string, messages: string[]) {
  const backend: Backend = { codebase: "default", runtime: "nodejs22" };
  const started: Array<{ trigger?: Def; secretEnv?: Array<{ key: string }> }> = [];
  const pool = new RuntimeWorkerPool(FunctionsExecutionMode.AUTO);
  const emulator = Object.assign(Object.create(FunctionsEmulator.prototype) as Emulator, {
    triggers: {},
    triggerGeneration: 0,
    workerPools: { default: pool },
    args: {},
    debugMode: false,
    getRuntimeEnvs: (_backend: Backend, trigger?: Def) => (started.push({ trigger }), {}),
    resolveSecretEnvs: async (b: Backend) => ((started[started.length - 1].secretEnv = b.secretEnv), {}),
    startNode: async (): Promise<Runtime> => {
      const child = Object.assign(new EventEmitter(), {
        send: (message: string, done: (error?: Error) => void) => (messages.push(message), done(), true),
        killed: false,
        kill: () => (child.killed = true),
      });
      return { process: child, events: new EventEmitter(), conn: new IPCConn(socketPath) };
    },
  });
  defs.forEach((def, index) =>
    emulator.addTriggerRecord({ ...def, ...(index === 0 && { secretEnvironmentVariables: [{ key: "GEMINI_API_KEY" }] }) } as Def, {
      backend,
      ignored: false,
    }),
  );
  return { emulator, backend, pool, started };
}

/** Sends one request through the pool the way the emulator does, and waits for its answer. */
async function submit(pool: Pool, triggerId: string): Promise<void> {
  const response = Object.assign(new PassThrough(), { writeHead: () => undefined });
  response.resume();
  await pool.submitRequest(
    triggerId,
    { method: "POST", path: `/${triggerId}`, headers: {} },
    response,
    Buffer.from("{}"),
    undefined,
    "nodejs22",
  );
}

describe("unit: shared functions emulator workers (npm test's firebase-tools preload)", () => {
  let dir: string;
  let server: Server | undefined;
  before(() => expect(shareFunctionWorkers(), "firebase-tools' functions emulator modules moved: see the preload").to.equal(true));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "pixa-workers-"))));
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies once, and gives every function of a codebase one pool of workers", () => {
    const getKey = RuntimeWorkerPool.prototype.getKey;
    expect(shareFunctionWorkers()).to.equal(true);
    expect(RuntimeWorkerPool.prototype.getKey).to.equal(getKey);
    const pool = new RuntimeWorkerPool(FunctionsExecutionMode.AUTO);
    expect(pool.getKey(TEAMS_CREATE.id, "nodejs22")).to.equal(pool.getKey(ON_CHANNEL_DELETED.id, "nodejs22"));
  });

  it("starts workers without a function of their own, with every function's secret declarations and FUNCTION_DEBUG_MODE", async () => {
    const messages: string[] = [];
    const socketPath = join(dir, "worker.sock");
    server = await workerServer(socketPath, [], messages);
    const { emulator, backend, pool, started } = emulatorWith([TEAMS_CREATE, ON_CHANNEL_DELETED], socketPath, messages);
    await emulator.startRuntime(backend, TEAMS_CREATE);
    expect(started).to.have.length(1);
    expect(started[0].trigger).to.equal(undefined);
    expect(started[0].secretEnv).to.deep.equal([{ key: "GEMINI_API_KEY" }]);
    expect(pool.getTriggerWorkers(ON_CHANNEL_DELETED.id, "nodejs22")).to.have.length(1);
    expect(emulator.getEmulatorEnvs()).to.include({ FUNCTION_DEBUG_MODE: "true", FUNCTIONS_EMULATOR: "true" });
  });

  it("names each request's function to the worker before the request, on a new connection, with that function's time limit", async () => {
    const messages: string[] = [];
    const seen: Array<{ path: string; connection: number; messagesBefore: number }> = [];
    const socketPath = join(dir, "worker.sock");
    server = await workerServer(socketPath, seen, messages);
    const { emulator, backend, pool } = emulatorWith([TEAMS_CREATE, ON_CHANNEL_DELETED], socketPath, messages);
    const worker = await emulator.startRuntime(backend, TEAMS_CREATE);

    await submit(pool, TEAMS_CREATE.id);
    expect(worker.timeoutSeconds).to.equal(60);
    expect(worker.triggerKey).to.equal(TEAMS_CREATE.id);
    await submit(pool, ON_CHANNEL_DELETED.id);
    expect(worker.timeoutSeconds).to.equal(540);
    await submit(pool, TEAMS_CREATE.id);

    expect(messages.map((message) => JSON.parse(message))).to.deep.equal([
      { functionTarget: "teams.create", functionSignature: "http" },
      { functionTarget: "chat.onChannelDeleted", functionSignature: "cloudevent" },
      { functionTarget: "teams.create", functionSignature: "http" },
    ]);
    expect(seen.map((request) => request.path)).to.deep.equal([`/${TEAMS_CREATE.id}`, `/${ON_CHANNEL_DELETED.id}`, `/${TEAMS_CREATE.id}`]);
    expect(seen.map((request) => request.messagesBefore)).to.deep.equal([1, 2, 3]);
    expect(new Set(seen.map((request) => request.connection)).size, "a kept-alive connection was reused").to.equal(3);
    expect(pool.getTriggerWorkers(TEAMS_CREATE.id, "nodejs22")).to.have.length(1);
  });

  it("sends no request to a worker already told to stop, even while it still looks idle", async () => {
    const messages: string[] = [];
    const socketPath = join(dir, "worker.sock");
    server = await workerServer(socketPath, [], messages);
    const { emulator, backend, pool } = emulatorWith([TEAMS_CREATE, ON_CHANNEL_DELETED], socketPath, messages);
    const worker = await emulator.startRuntime(backend, TEAMS_CREATE);
    expect(pool.readyForWork(ON_CHANNEL_DELETED.id, "nodejs22")).to.equal(true);
    // What firebase-tools does on a worker's FATAL log line: kill() now, FINISHED once it exits.
    worker.runtime.process.kill();
    expect(pool.readyForWork(ON_CHANNEL_DELETED.id, "nodejs22")).to.equal(false);
    expect(worker.state).to.equal("FINISHING");
  });
});
