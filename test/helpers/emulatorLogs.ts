/**
 * Everything firebase-tools logged during this emulator run, functions' own log lines included,
 * read from the Logging emulator: it replays its whole history to every new WebSocket
 * connection, then sends each new entry as it is logged. This process keeps one connection open
 * and collects what arrives, so that a test polling the logs (a job's page logs, a trigger's
 * runs) does not have the emulator replay thousands of entries on every poll.
 */
import WebSocket from "ws";
import { sleep } from "../../functions/src/common/time.js";
import { emulators, type HostPort } from "./emulators.js";

async function loggingEmulator(): Promise<HostPort> {
  const hub = emulators.hub();
  const running = (await (await fetch(`http://${hub.host}:${hub.port}/emulators`)).json()) as Record<string, HostPort>;
  if (!running.logging) throw new Error("The Logging emulator is not running, so function logs cannot be read.");
  return running.logging;
}

/** How long an entry logged just before a read may take to arrive on the open connection. */
const IN_FLIGHT_MS = 200;

/** The open connection and what it has received so far (its replay first). */
let subscription: Promise<{ entries: string[] }> | null = null;

/** Opens the connection; resolves once the replay has been quiet for `quietMs`. */
function subscribe(quietMs: number): Promise<{ entries: string[] }> {
  return new Promise((resolve, reject) => {
    const state = { entries: [] as string[] };
    let timer: NodeJS.Timeout | undefined;
    let replayed = false;
    const fail = (error: unknown) => {
      subscription = null;
      reject(error);
    };
    const settle = () => {
      if (replayed) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        replayed = true;
        resolve(state);
      }, quietMs);
    };
    loggingEmulator().then(({ host, port }) => {
      const socket = new WebSocket(`ws://${host}:${port}`);
      socket.on("open", settle);
      socket.on("message", (data) => {
        state.entries.push(data.toString());
        settle();
      });
      socket.on("error", fail);
      // A connection that ends (the emulators stopped) is opened again, with a new replay, by the next read.
      socket.on("close", () => (subscription = null));
    }, fail);
  });
}

/**
 * Each logged entry of this emulator run as JSON text, oldest first: on the first read, once the
 * replay has been quiet for `quietMs`; later, what arrived until `IN_FLIGHT_MS` after the call.
 */
export async function readEmulatorLogs(quietMs = 750): Promise<string[]> {
  if (!subscription) {
    subscription = subscribe(quietMs);
    return [...(await subscription).entries];
  }
  const state = await subscription;
  await sleep(IN_FLIGHT_MS);
  return [...state.entries];
}

/** The structured event `{ event: name, ... }` inside one log entry, wherever it is nested. */
function findEvent(value: unknown, name: string): Record<string, unknown> | null {
  if (typeof value === "string") {
    const start = value.indexOf("{");
    if (start < 0 || !value.includes(name)) return null;
    try {
      return findEvent(JSON.parse(value.slice(start)), name);
    } catch {
      return null;
    }
  }
  if (value && typeof value === "object") {
    if ((value as { event?: unknown }).event === name) return value as Record<string, unknown>;
    for (const child of Object.values(value)) {
      const found = findEvent(child, name);
      if (found) return found;
    }
  }
  return null;
}

/** Every structured event named `name` (logged with common/logs.ts) in this emulator run, oldest first. */
export async function loggedEvents(name: string): Promise<Record<string, unknown>[]> {
  const events: Record<string, unknown>[] = [];
  for (const entry of await readEmulatorLogs()) {
    if (!entry.includes(name)) continue;
    const found = findEvent(entry, name);
    if (found) events.push(found);
  }
  return events;
}

/** How many runs of `functionName` (`chat-onMessageDeleted`) the functions emulator has finished in this emulator run. */
export async function finishedRuns(functionName: string): Promise<number> {
  const entries = await readEmulatorLogs();
  return entries.filter((entry) => entry.includes("Finished") && entry.includes(`-${functionName}`)).length;
}
