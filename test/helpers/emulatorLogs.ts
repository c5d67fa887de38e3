/**
 * Everything firebase-tools logged during this emulator run, functions' own log lines included,
 * read from the Logging emulator: it keeps the whole history and replays it to every new
 * WebSocket connection.
 */
import WebSocket from "ws";
import { emulators, type HostPort } from "./emulators.js";

async function loggingEmulator(): Promise<HostPort> {
  const hub = emulators.hub();
  const running = (await (await fetch(`http://${hub.host}:${hub.port}/emulators`)).json()) as Record<string, HostPort>;
  if (!running.logging) throw new Error("The Logging emulator is not running, so function logs cannot be read.");
  return running.logging;
}

/** Each logged entry as JSON text; resolves once the replay has been quiet for `quietMs`. */
export async function readEmulatorLogs(quietMs = 750): Promise<string[]> {
  const { host, port } = await loggingEmulator();
  const socket = new WebSocket(`ws://${host}:${port}`);
  const entries: string[] = [];
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        socket.close();
        resolve(entries);
      }, quietMs);
    };
    socket.on("open", settle);
    socket.on("message", (data) => {
      entries.push(data.toString());
      settle();
    });
    socket.on("error", reject);
  });
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
