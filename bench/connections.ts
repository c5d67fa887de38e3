/**
 * Refresh sweep: 1,000 X accounts whose tokens are all due at once, refreshed against the fake
 * platforms by two sweeps started together (as two overlapping scheduled runs would be). Reports
 * the time, the platform refresh calls (expected: 1,000) and how many accounts were refreshed
 * more than once (expected: 0). Runs the sweep in this process with the functions' environment.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { adminDb } from "../test/helpers/admin.js";
import { clearEmulatorData, PROJECT_ID } from "../test/helpers/emulators.js";
import { startFakePlatforms } from "../test/fakes/platforms/index.js";
import { localClient } from "../test/fakes/platforms/oauth.js";
import { figure } from "./stats.js";

const ACCOUNTS = 1000;
const TEAM = "bench-team";

function functionsEnv(): void {
  const envLocal = readFileSync(join(__dirname, "..", "functions", ".env.local"), "utf8");
  const key = /^LOCAL_ENCRYPTION_KEY=(.*)$/m.exec(envLocal)?.[1];
  if (!key) throw new Error("functions/.env.local has no LOCAL_ENCRYPTION_KEY: run `npm test` or `npm start` once.");
  Object.assign(process.env, {
    FUNCTIONS_EMULATOR: "true",
    GCLOUD_PROJECT: PROJECT_ID,
    LOCAL_ENCRYPTION_KEY: key,
    X_CLIENT_ID: localClient("x").clientId,
    X_CLIENT_SECRET: localClient("x").clientSecret,
  });
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

export async function run(): Promise<void> {
  functionsEnv();
  const { storeAccountTokens } = await import("../functions/src/connections/credentials.js");
  const { refreshDueAccounts } = await import("../functions/src/connections/sweep.js");
  const fake = await startFakePlatforms();
  try {
    await clearEmulatorData();
    await adminDb().doc("config/emulator").set({ platformsOrigin: fake.origin });
    const writer = adminDb().bulkWriter();
    const ids = Array.from({ length: ACCOUNTS }, (_, i) => `x_bench_${i}`);
    for (const [i, id] of ids.entries()) {
      writer.set(adminDb().doc(`teams/${TEAM}/connectedAccounts/${id}`), {
        platform: "X",
        platformAccountId: `bench-${i}`,
        kind: "profile",
        displayName: `Bench ${i}`,
        profileImageUrl: null,
        scopes: ["tweet.write"],
        connectedBy: "bench-user",
        connectedAt: new Date(),
        expiresAt: null,
        health: "ok",
      });
    }
    await writer.close();
    const now = Date.now();
    await pool(ids, 20, async (id) => {
      const grant = fake.oauth.seedGrant("x", id);
      await storeAccountTokens(TEAM, id, {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        issuedAt: now,
        expiresAt: now + 60_000,
      });
    });
    fake.oauth.calls.length = 0;

    const started = performance.now();
    const sweeps = await Promise.all([refreshDueAccounts(), refreshDueAccounts()]);
    const elapsed = performance.now() - started;
    const refreshCalls = fake.oauth.calls.filter((c) => c.grantType === "refresh_token");
    const perAccount = new Map<string, number>();
    for (const call of refreshCalls) perAccount.set(call.grant ?? "?", (perAccount.get(call.grant ?? "?") ?? 0) + 1);
    const twice = [...perAccount.values()].filter((n) => n > 1).length;
    figure(`refresh sweep, ${ACCOUNTS} X accounts due at once, two overlapping runs`, elapsed, "ms");
    figure("  platform refresh calls", refreshCalls.length, "calls");
    figure("  accounts refreshed more than once", twice, "accounts");
    figure(
      "  refreshed / busy (skipped: the other run held the lease)",
      sweeps[0].refreshed + sweeps[1].refreshed,
      `/ ${sweeps[0].busy + sweeps[1].busy}`,
    );
    if (refreshCalls.length !== ACCOUNTS || twice !== 0)
      throw new Error(`refresh sweep: ${refreshCalls.length} calls, ${twice} accounts refreshed twice`);
  } finally {
    await fake.close();
  }
}
