/**
 * Where the emulators are. Tests run inside `firebase emulators:exec` (npm test), which sets
 * the *_EMULATOR_HOST variables and FIREBASE_EMULATOR_HUB; a test run outside it fails at once.
 */
import { join } from "node:path";

export const PROJECT_ID = "demo-pixasocial";

export interface HostPort {
  host: string;
  port: number;
}

function parseHost(value: string): HostPort {
  const index = value.lastIndexOf(":");
  return { host: value.slice(0, index), port: Number(value.slice(index + 1)) };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the tests with \`npm test\`, which starts the emulators.`);
  }
  return value;
}

export const emulators = {
  firestore: () => parseHost(requiredEnv("FIRESTORE_EMULATOR_HOST")),
  auth: () => parseHost(requiredEnv("FIREBASE_AUTH_EMULATOR_HOST")),
  storage: () => parseHost(requiredEnv("FIREBASE_STORAGE_EMULATOR_HOST")),
  hub: () => parseHost(requiredEnv("FIREBASE_EMULATOR_HUB")),
  functions: (): HostPort => {
    if (!functionsHost) throw new Error("The functions emulator was not found through the hub.");
    return functionsHost;
  },
};

let functionsHost: HostPort | null = null;

/** Asks the emulator hub where each emulator runs; fails when one the tests need is missing. */
export async function discoverEmulators(required: string[]): Promise<void> {
  const hub = emulators.hub();
  const response = await fetch(`http://${hub.host}:${hub.port}/emulators`);
  const running = (await response.json()) as Record<string, HostPort>;
  const missing = required.filter((name) => !running[name]);
  if (missing.length) throw new Error(`Emulators not running: ${missing.join(", ")}. Start them with \`npm test\`.`);
  functionsHost = running.functions ?? null;
}

/** Base URL of an HTTP function in the emulator, e.g. `functionUrl('connections-callback')`. */
export function functionUrl(name: string, region = "us-central1"): string {
  const { host, port } = emulators.functions();
  return `http://${host}:${port}/${PROJECT_ID}/${region}/${name}`;
}

let backgroundTriggersOn = true;
/**
 * Whether switching the background triggers on is cheap in this run: `npm test` has
 * firebase-tools flip the switched-off triggers back on instead of reloading the functions
 * (scripts/lib/quick-trigger-switch.cjs), so each clear runs with them off.
 */
const QUICK_TRIGGER_SWITCH = process.env.PIXA_QUICK_TRIGGER_SWITCH === "1";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CLEAR_BARRIER_DOCUMENT } = require(join(__dirname, "..", "..", "scripts", "lib", "quick-trigger-switch.cjs")) as {
  CLEAR_BARRIER_DOCUMENT: string;
};

/**
 * Deletes every Firestore document and every Auth account of the test project. The Firestore
 * emulator deletes the documents one by one and each deletion is an event for the functions'
 * triggers, work for neither the last test nor the next: under `npm test` the clear runs with the
 * background triggers off, and they are on again (if they were on) once the clear's events have
 * been dropped (docs/emulators.md).
 */
export async function clearEmulatorData(): Promise<void> {
  const fs = emulators.firestore();
  const auth = emulators.auth();
  const documents = `http://${fs.host}:${fs.port}/emulator/v1/projects/${PROJECT_ID}/databases/(default)/documents`;
  const triggersWereOn = backgroundTriggersOn;
  // Switched off even when they are off already: the switch counts the barrier's events from here.
  if (QUICK_TRIGGER_SWITCH) await switchBackgroundTriggers(false);
  await Promise.all([
    fetch(documents, { method: "DELETE" }),
    fetch(`http://${auth.host}:${auth.port}/emulator/v1/projects/${PROJECT_ID}/accounts`, { method: "DELETE" }),
  ]);
  if (!QUICK_TRIGGER_SWITCH) return;
  // Written and deleted after the clear, so that its two events come after every event of the
  // clear; switching on waits for them (scripts/lib/quick-trigger-switch.cjs).
  const barrier = `http://${fs.host}:${fs.port}/v1/projects/${PROJECT_ID}/databases/(default)/documents/${CLEAR_BARRIER_DOCUMENT}`;
  const asOwner = { Authorization: "Bearer owner", "Content-Type": "application/json" };
  for (const request of [
    { method: "PATCH", headers: asOwner, body: JSON.stringify({ fields: {} }) },
    { method: "DELETE", headers: asOwner },
  ]) {
    const response = await fetch(barrier, request);
    if (!response.ok)
      throw new Error(`The clear's barrier document: ${request.method} answered ${response.status} ${await response.text()}`);
  }
  if (triggersWereOn) await setBackgroundTriggers(true);
}

/**
 * Switches the functions emulator's background triggers (Firestore, Storage, Auth, scheduled)
 * off or on, through the Emulator Hub (the switch @firebase/rules-unit-testing's
 * `withFunctionTriggersDisabled` uses); callable and HTTP functions answer either way. Off waits
 * for the executions already queued (under `npm test` at most 20 s). On reloads the functions and
 * stops the idle workers (a few seconds), except under `npm test`, where it turns the same
 * triggers on again (scripts/lib/quick-trigger-switch.cjs); `npm test` still runs the rules files,
 * which want them off, after the others.
 */
export async function setBackgroundTriggers(on: boolean): Promise<void> {
  if (on !== backgroundTriggersOn) await switchBackgroundTriggers(on);
}

async function switchBackgroundTriggers(on: boolean): Promise<void> {
  const hub = emulators.hub();
  const action = on ? "enableBackgroundTriggers" : "disableBackgroundTriggers";
  const response = await fetch(`http://${hub.host}:${hub.port}/functions/${action}`, { method: "PUT" });
  if (!response.ok) throw new Error(`The emulator hub refused ${action}: ${response.status} ${await response.text()}`);
  backgroundTriggersOn = on;
}

/** Deletes every object in the Storage emulator (its rules stay loaded). */
export async function clearStorageData(): Promise<void> {
  const storage = emulators.storage();
  const response = await fetch(`http://${storage.host}:${storage.port}/internal/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`Storage emulator reset failed: ${response.status}`);
}
