/** Shared set-up of the AI suites: the fake providers, the emulator seam, usage and errors. */
import { expect } from "chai";
import type { DecodedIdToken } from "firebase-admin/auth";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import type { CallContext } from "../../functions/src/common/callable.js";
import { periodOf } from "../../functions/src/ai/credits/period.js";
import { sweepKeyOf } from "../../functions/src/ai/credits/ledger.js";
import { sleep } from "../../functions/src/common/time.js";
import { callables, type Callables, type RequestOf } from "../../client/src/index.js";
import type { saveInput } from "../../functions/src/models/aiConfigs.js";
import { adminDb } from "../helpers/admin.js";
import { closeClients, signUpVerified, type SignedUp } from "../helpers/clients.js";
import { clearEmulatorData, emulators, PROJECT_ID } from "../helpers/emulators.js";
import { FakeGemini } from "../fakes/gemini.js";
import { FakeOpenAi } from "../fakes/openai.js";

export interface AiFakes {
  gemini: FakeGemini;
  openai: FakeOpenAi;
}

async function startAiFakes(): Promise<AiFakes> {
  const [gemini, openai] = await Promise.all([FakeGemini.start(), FakeOpenAi.start()]);
  return { gemini, openai };
}

async function stopAiFakes(fakes: AiFakes | undefined): Promise<void> {
  if (fakes) await Promise.all([fakes.gemini.close(), fakes.openai.close()]);
}

/**
 * The hooks every AI suite shares: the fakes run for the suite; before each test the data is
 * cleared and the functions are pointed at them; clients close after each test. The returned
 * object is filled in once the fakes have started.
 */
export function useAiFakes(): AiFakes {
  const fakes = {} as AiFakes;
  before(async () => {
    Object.assign(fakes, await startAiFakes());
  });
  after(() => stopAiFakes(fakes.gemini ? fakes : undefined));
  beforeEach(async () => {
    await clearEmulatorData();
    await pointFunctionsAtFakes(fakes);
  });
  afterEach(closeClients);
  return fakes;
}

/**
 * Points the functions at the fakes through `config/emulator` (rewrite it after every
 * clearEmulatorData) with the fakes' keys standing in for the platform secrets; pass
 * `withKeys: false` for a platform without keys.
 */
export async function pointFunctionsAtFakes(fakes: AiFakes, { withKeys = true } = {}): Promise<void> {
  fakes.gemini.reset();
  fakes.openai.reset();
  await adminDb()
    .doc("config/emulator")
    .set({
      geminiBaseUrl: fakes.gemini.url,
      openaiBaseUrl: fakes.openai.url,
      ...(withKeys && { geminiApiKey: fakes.gemini.acceptedKey, openaiApiKey: fakes.openai.acceptedKey }),
    });
}

/** One provider's entry of an `aiConfigs-save` request. */
export type SaveRequestConfig = RequestOf<typeof saveInput>["configs"][number];

/**
 * On a platform without keys, signs up a verified user who saves their own `config` (key
 * included) with `aiConfigs-save` and makes it active with `aiConfigs-setActive`, as the settings
 * page does, then runs `body`. The fake of the provider accepts only that key until `body` ends.
 */
export async function withOwnKey(
  fakes: AiFakes,
  config: SaveRequestConfig & { providerId: "Gemini" | "OpenAI"; apiKey: string },
  body: (user: SignedUp, api: Callables) => Promise<void>,
): Promise<void> {
  await pointFunctionsAtFakes(fakes, { withKeys: false });
  const user = await signUpVerified();
  const api = callables(user.functions);
  const fake = config.providerId === "Gemini" ? fakes.gemini : fakes.openai;
  const platformKey = fake.acceptedKey;
  fake.acceptedKey = config.apiKey;
  try {
    await api.aiConfigs.save({ configs: [config] });
    await api.aiConfigs.setActive({ activeProvider: config.providerId });
    await body(user, api);
  } finally {
    fake.acceptedKey = platformKey;
  }
}

/** Sets the caller's active provider the way `aiConfigs-setActive` does. */
export async function useProvider(uid: string, providerId: string | null): Promise<void> {
  await adminDb().doc(`users/${uid}`).update({ activeAiProvider: providerId });
}

/** Stores a provider config for `uid` (what `aiConfigs-save` writes, without a key). */
export async function saveAiConfig(
  uid: string,
  providerId: string,
  config: { baseURL?: string; isEnabled?: boolean; models?: { text: string[]; image: string[]; chat: string[] } },
): Promise<void> {
  await adminDb()
    .doc(`users/${uid}/aiConfigs/${providerId}`)
    .set({
      providerId,
      isEnabled: config.isEnabled ?? true,
      models: config.models ?? { text: [], image: [], chat: [] },
      baseURL: config.baseURL ?? null,
      hasApiKey: false,
      updatedAt: FieldValue.serverTimestamp(),
    });
}

export const currentPeriod = () => periodOf(new Date());

export async function usageOf(
  uid: string,
  period = currentPeriod(),
): Promise<{ used: number; limit: number | null; period: string } | undefined> {
  return (await adminDb().doc(`users/${uid}/usage/${period}`).get()).data() as
    { used: number; limit: number | null; period: string } | undefined;
}

/** Seeds this month's usage, e.g. to leave `limit - used` credits. */
export async function setUsage(uid: string, used: number, limit: number | null = 50, period = currentPeriod()): Promise<void> {
  await adminDb().doc(`users/${uid}/usage/${period}`).set({ used, limit, period, updatedAt: FieldValue.serverTimestamp() });
}

/** The calls holding credits this month: the entries of the usage document's `inFlight` map. */
export async function reservedRequests(uid: string): Promise<number> {
  return Object.keys(await inFlightOf(uid)).length;
}

export async function inFlightOf(uid: string, period = currentPeriod()): Promise<Record<string, { at: number; cost: number }>> {
  return ((await adminDb().doc(`users/${uid}/usage/${period}`).get()).get("inFlight") ?? {}) as Record<
    string,
    { at: number; cost: number }
  >;
}

/** Makes a running call look like a dead function's: its reservation `minutesAgo` old and due for the sweeper. */
export async function ageReservation(uid: string, requestId: string, minutesAgo: number): Promise<void> {
  const inFlight = await inFlightOf(uid);
  inFlight[requestId] = { ...inFlight[requestId], at: Date.now() - minutesAgo * 60_000 };
  await adminDb()
    .doc(`users/${uid}/usage/${currentPeriod()}`)
    .update({ inFlight, sweepKey: sweepKeyOf(uid, inFlight) });
}

/** The calls this user started in the current minute (the rate limit's counter on the usage document). */
/**
 * Waits for the next minute when fewer than `seconds` are left in this one: the rate limit counts
 * calls per clock minute (the usage document's `minute` and `count`), so a test that counts its
 * calls must not have them fall into two minutes.
 */
export async function withinOneMinute(seconds: number): Promise<void> {
  const now = new Date();
  const left = 60 - now.getUTCSeconds() - now.getUTCMilliseconds() / 1000;
  if (left < seconds) await sleep(left * 1000 + 200);
}

/** The calls counted toward the rate limit in the minute of the user's last call. */
export async function callsThisMinute(uid: string): Promise<number> {
  return Number((await adminDb().doc(`users/${uid}/usage/${currentPeriod()}`).get()).get("count"));
}

/** Runs a scheduled function once, the way the emulator allows (EMULATORS.md). */
export async function runScheduled(name: string): Promise<void> {
  const { host, port } = emulators.functions();
  const response = await fetch(`http://${host}:${port}/functions/projects/${PROJECT_ID}/triggers/us-central1-${name}-0`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  expect(response.status, await response.clone().text()).to.be.lessThan(300);
}

/**
 * The functions emulator runs each concurrent request in its own worker process and gives a
 * new worker a fixed time to load (firebase-tools' default 30 s; the harness sets 120 s in
 * scripts/lib/emulator-env.mjs); dozens loading at once on 2 cores can miss even that. This
 * starts `count` idle workers of `name` in waves of `wave` (calls with bad input: no Firestore,
 * no provider), so that a test's simultaneous calls then really run side by side.
 */
export async function warmWorkers(
  client: { call(name: string, data?: unknown): Promise<unknown> },
  name: string,
  count: number,
  wave = 8,
): Promise<void> {
  for (let size = Math.min(wave, count); ; size = Math.min(size + wave, count)) {
    await Promise.allSettled(Array.from({ length: size }, () => client.call(name, { warmUp: true })));
    if (size === count) break;
  }
}

// ---- handler-level tests (the real handlers in this process, against the emulators) ----

/** The params the functions emulator would set from their defaults, with short time limits to test them. */
const HANDLER_ENV = {
  FUNCTIONS_EMULATOR: "true",
  GCLOUD_PROJECT: PROJECT_ID,
  AI_RATE_LIMIT_PER_MINUTE: "30",
  MAX_CONCURRENT_AI_CALLS: "3",
  AI_INPUT_CHARS_PER_CREDIT: "10000",
  AI_PLATFORM_MAX_OUTPUT_TOKENS: "8192",
  AI_CALL_TIMEOUT_SECONDS: "2",
  AI_STREAM_TIMEOUT_SECONDS: "20",
  AI_STREAM_IDLE_TIMEOUT_SECONDS: "1",
};

/** A verified email/password account's token, as the callable edge passes it on. */
const VERIFIED_TOKEN = { uid: "", email_verified: true, firebase: { sign_in_provider: "password" } } as unknown as DecodedIdToken;

export function ctxFor<T, Chunk = unknown>(uid: string, data: T, response?: CallContext<T, Chunk>["response"]): CallContext<T, Chunk> {
  return { uid, token: { ...VERIFIED_TOKEN, uid }, email: null, data, response } as CallContext<T, Chunk>;
}

export async function outcomeOf<T>(
  promise: Promise<T>,
): Promise<{ value?: T; error?: { code?: string; message: string; details?: Record<string, unknown> } }> {
  return promise.then(
    (value) => ({ value }),
    (error: { code?: string; message: string; details?: Record<string, unknown> }) => ({ error }),
  );
}

/** Sets HANDLER_ENV (with `overrides`) for the current suite and puts the process environment back after it. */
export function useHandlerEnv(overrides: Partial<Record<keyof typeof HANDLER_ENV, string>> = {}): void {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const [key, value] of Object.entries({ ...HANDLER_ENV, ...overrides })) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}

/** A profile of `role` as the users the monthly reset walks hold it, written with the Admin SDK. */
export const profileOf = (role: string) => ({
  name: role,
  email: null,
  role,
  teamIds: [],
  defaultTeamId: null,
  activeAiProvider: null,
  walletAddress: null,
  createdAt: Timestamp.now(),
  updatedAt: Timestamp.now(),
});
