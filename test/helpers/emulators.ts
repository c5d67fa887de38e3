/**
 * Where the emulators are. Tests run inside `firebase emulators:exec` (npm test), which sets
 * the *_EMULATOR_HOST variables and FIREBASE_EMULATOR_HUB; a test run outside it fails at once.
 */
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

/** Deletes every Firestore document and every Auth account of the test project. */
export async function clearEmulatorData(): Promise<void> {
  const fs = emulators.firestore();
  const auth = emulators.auth();
  await Promise.all([
    fetch(`http://${fs.host}:${fs.port}/emulator/v1/projects/${PROJECT_ID}/databases/(default)/documents`, { method: "DELETE" }),
    fetch(`http://${auth.host}:${auth.port}/emulator/v1/projects/${PROJECT_ID}/accounts`, { method: "DELETE" }),
  ]);
}

let backgroundTriggersOn = true;

/**
 * Switches the functions emulator's background triggers (Firestore, Storage, Auth, scheduled)
 * off or on, through the Emulator Hub (the switch @firebase/rules-unit-testing's
 * `withFunctionTriggersDisabled` uses); callable and HTTP functions answer either way. Off waits
 * for the executions already queued; on reloads the functions and stops the idle workers (a few
 * seconds), so `npm test` runs the rules files, which want them off, after the others.
 */
export async function setBackgroundTriggers(on: boolean): Promise<void> {
  if (on === backgroundTriggersOn) return;
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
