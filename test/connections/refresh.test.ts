import { expect } from "chai";
import type { ConnectedAccount } from "../../functions/src/models/connections.js";
import { accountSecretOwner, readAccountTokens } from "../../functions/src/connections/accountTokens.js";
import { secretRef } from "../../functions/src/crypto/secretStore.js";
import { FieldValue } from "firebase-admin/firestore";
import { startFakeKms } from "../fakes/kms.js";
import {
  accessTokenFor,
  NeedsReauthError,
  refreshedAccessTokenFor,
  storeAccountTokens,
} from "../../functions/src/connections/credentials.js";
import { refreshDueAccounts } from "../../functions/src/connections/sweep.js";
import { runScheduled } from "../ai/support.js";
import { adminDb } from "../helpers/admin.js";
import { personalTeamId, signUp } from "../helpers/clients.js";
import { useFunctionsEnv } from "../helpers/functionsEnv.js";
import { connect, useFakePlatforms, usePlatformClientEnv } from "./support.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const KMS_KEY = "projects/demo-pixasocial/locations/global/keyRings/pixasocial/cryptoKeys/tokens";

async function account(teamId: string, accountId: string): Promise<ConnectedAccount> {
  return (await adminDb().doc(`teams/${teamId}/connectedAccounts/${accountId}`).get()).data() as ConnectedAccount;
}

function stateRef(teamId: string, accountId: string) {
  return adminDb().doc(`accountTokenStates/${encodeURIComponent(teamId)}:${encodeURIComponent(accountId)}`);
}

async function mailsTo(email: string): Promise<number> {
  return (await adminDb().collection("mail").where("to", "==", email).get()).size;
}

describe("connections: token refresh and account health (emulators + fake platforms)", () => {
  useFunctionsEnv();
  usePlatformClientEnv();
  const platforms = useFakePlatforms();
  const oauth = () => platforms.fake.oauth;
  const refreshCalls = (slug: string) =>
    oauth()
      .callsOf(slug, "token")
      .filter((c) => c.grantType === "refresh_token").length;

  async function connected(platform: Parameters<typeof connect>[2], expiresIn?: number) {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    if (expiresIn) oauth().expiresInOverride.set(platform.toLowerCase(), expiresIn);
    const [accountId] = await connect(alice, teamId, platform);
    return { alice, teamId, accountId };
  }

  it("refreshes ahead of expiry and not before; rotation keeps the new refresh token", async () => {
    const { teamId, accountId } = await connected("X", 1000);
    const before = await readAccountTokens(teamId, accountId);
    const now = Date.now();
    expect((await refreshDueAccounts({ now })).refreshed, "not due yet").to.equal(0);
    expect(refreshCalls("x")).to.equal(0);

    const result = await refreshDueAccounts({ now: now + 10 * MINUTE });
    expect(result.refreshed).to.equal(1);
    expect(refreshCalls("x")).to.equal(1);
    const after = await readAccountTokens(teamId, accountId);
    expect(after?.refreshToken).to.be.a("string").and.not.equal(before?.refreshToken);
    expect(after?.accessToken).to.not.equal(before?.accessToken);
    const stored = await account(teamId, accountId);
    expect(stored.health).to.equal("ok");
    expect(stored.lastRefreshedAt).to.not.equal(undefined);

    // The rotated token is the live one: the next refresh through the platform succeeds.
    expect((await refreshDueAccounts({ now: now + 10 * MINUTE })).refreshed, "the fresh token is not due").to.equal(0);
    expect((await refreshDueAccounts({ now: now + 30 * MINUTE })).refreshed).to.equal(1);
    expect((await account(teamId, accountId)).health).to.equal("ok");
  });

  it("two concurrent refresh runs call the platform once", async () => {
    const { teamId, accountId } = await connected("TikTok");
    // The run that takes the lease waits on TikTok until released, so the other run finds the
    // lease taken whenever its query comes (a fixed delay let a slow query miss the refresh: seen
    // once on a loaded machine, the second run then saw nothing due).
    const release = oauth().holdTokenCalls();
    const later = Date.now() + 2 * DAY;
    const pending = [refreshDueAccounts({ now: later }), refreshDueAccounts({ now: later })];
    const first = await Promise.race(pending);
    expect(first.busy, "the second run found the lease taken").to.equal(1);
    expect(first.refreshed).to.equal(0);
    release();
    const runs = await Promise.all(pending);
    expect(refreshCalls("tiktok"), "refresh_token grants sent to TikTok").to.equal(1);
    expect(runs.map((r) => r.refreshed).sort()).to.deep.equal([0, 1]);
    expect(runs.map((r) => r.busy).sort()).to.deep.equal([0, 1]);
    // The single-use refresh token that was stored is the one TikTok will take next.
    expect((await refreshDueAccounts({ now: later + 2 * DAY })).refreshed).to.equal(1);
    expect((await account(teamId, accountId)).health).to.equal("ok");
  });

  it("503, 429 and timeouts keep ok, show error after repeated failures, and recover on success", async () => {
    const { teamId, accountId } = await connected("Pinterest", 3600);
    let now = Date.now() + 2 * 60 * MINUTE;
    oauth().failTokenCalls(1, 503);
    expect((await refreshDueAccounts({ now })).failed).to.equal(1);
    expect((await account(teamId, accountId)).health).to.equal("ok");

    now += 2 * 60 * MINUTE;
    oauth().failTokenCalls(1, 429);
    expect((await refreshDueAccounts({ now })).failed).to.equal(1);
    expect((await account(teamId, accountId)).health).to.equal("ok");

    now += 2 * 60 * MINUTE;
    oauth().tokenDelayMs = 10_500;
    expect((await refreshDueAccounts({ now })).failed, "a timeout").to.equal(1);
    oauth().tokenDelayMs = 0;
    const afterThree = await account(teamId, accountId);
    expect([afterThree.health, afterThree.healthReason]).to.deep.equal(["error", "refresh-failing"]);
    expect((await stateRef(teamId, accountId).get()).get("failures")).to.equal(3);

    now += 2 * 60 * MINUTE;
    expect((await refreshDueAccounts({ now })).refreshed).to.equal(1);
    const recovered = await account(teamId, accountId);
    expect(recovered.health).to.equal("ok");
    expect(recovered.healthReason).to.equal(undefined);
  });

  it("invalid_grant makes the account needs_reauth and mails its connector once (scheduled function)", async () => {
    const { alice, teamId, accountId } = await connected("X");
    oauth().revokeAllGrants("x");
    await stateRef(teamId, accountId).update({ refreshDueAt: new Date(Date.now() - MINUTE) });
    await runScheduled("connections-refreshTokensSchedule");
    const stored = await account(teamId, accountId);
    expect([stored.health, stored.healthReason]).to.deep.equal(["needs_reauth", "revoked"]);
    expect(await mailsTo(alice.email)).to.equal(1);
    expect((await stateRef(teamId, accountId).get()).get("refreshDueAt")).to.equal(null);

    // A forced refresh (a publisher's 401) and a later run do not mail again.
    let refused: unknown;
    await refreshedAccessTokenFor(teamId, accountId).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(NeedsReauthError);
    await runScheduled("connections-refreshTokensSchedule");
    expect(await mailsTo(alice.email)).to.equal(1);
    let again: unknown;
    await accessTokenFor(teamId, accountId).catch((error: unknown) => (again = error));
    expect(again).to.be.instanceOf(NeedsReauthError);
  });

  it("a token that cannot be refreshed goes expiring, then needs_reauth at its expiry (Facebook-style)", async () => {
    const { alice, teamId, accountId } = await connected("Facebook");
    expect((await account(teamId, accountId)).health).to.equal("ok");
    const now = Date.now();
    await storeAccountTokens(teamId, accountId, { accessToken: "page-token-that-expires", issuedAt: now, expiresAt: now + 3 * DAY });
    expect((await account(teamId, accountId)).health).to.equal("expiring");
    expect((await refreshDueAccounts({ now: now + DAY })).checked, "nothing changes before the expiry").to.equal(0);
    const result = await refreshDueAccounts({ now: now + 3 * DAY + MINUTE });
    expect(result.needs_reauth).to.equal(1);
    expect((await account(teamId, accountId)).healthReason).to.equal("expired");
    expect(await mailsTo(alice.email)).to.equal(1);
    expect(oauth().calls.filter((c) => c.endpoint === "token" && c.grantType === "refresh_token")).to.have.length(0);

    // A token that does not expire again: no expiresAt on the account (CONTRACT §6 `expiresAt?`).
    await storeAccountTokens(teamId, accountId, { accessToken: "page-token-for-good", issuedAt: Date.now() });
    const stored = await account(teamId, accountId);
    expect(stored).to.not.have.property("expiresAt");
    expect(stored.health).to.equal("ok");
  });

  it("Instagram's long-lived token is refreshed with its own grant, ahead of its expiry", async () => {
    const { teamId, accountId } = await connected("Instagram");
    const before = await readAccountTokens(teamId, accountId);
    expect((await refreshDueAccounts({ now: Date.now() + 2 * DAY })).refreshed, "a young token is left alone").to.equal(0);
    expect((await refreshDueAccounts({ now: Date.now() + 51 * DAY })).refreshed).to.equal(1);
    expect(
      oauth()
        .callsOf("instagram", "metaRefresh")
        .map((c) => c.grantType),
    ).to.deep.equal(["ig_refresh_token"]);
    expect((await readAccountTokens(teamId, accountId))?.accessToken).to.not.equal(before?.accessToken);
  });

  it("an account whose stored tokens no longer decrypt goes needs_reauth without stopping the sweep; reconnecting replaces them", async () => {
    const broken = await connected("X", 1000);
    const others = [await connected("Pinterest", 1000), await connected("YouTube", 1000)];
    // A different authentication tag: the secret no longer opens (as after tampering or with another key).
    await adminDb()
      .doc(secretRef(accountSecretOwner(broken.teamId, broken.accountId)).path)
      .update({ authTag: Buffer.alloc(16).toString("base64") });
    await stateRef(broken.teamId, broken.accountId).update({ refreshDueAt: new Date(Date.now() - MINUTE) });

    const now = Date.now() + 10 * MINUTE;
    const result = await refreshDueAccounts({ now, concurrency: 1 });
    expect(result, "the broken account comes first; the others are refreshed after it").to.include({
      accounts: 3,
      needs_reauth: 1,
      refreshed: 2,
      failed: 0,
    });
    for (const other of others) expect((await account(other.teamId, other.accountId)).lastRefreshedAt).to.not.equal(undefined);
    const marked = await account(broken.teamId, broken.accountId);
    expect([marked.health, marked.healthReason]).to.deep.equal(["needs_reauth", "tokens-unreadable"]);
    expect(await mailsTo(broken.alice.email), "its connector is asked to reconnect").to.equal(1);
    expect((await stateRef(broken.teamId, broken.accountId).get()).get("refreshDueAt"), "never first in a run again").to.equal(null);
    expect(refreshCalls("x")).to.equal(0);
    let refused: unknown;
    await accessTokenFor(broken.teamId, broken.accountId).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(NeedsReauthError);

    const [reconnected] = await connect(broken.alice, broken.teamId, "X");
    expect(reconnected).to.equal(broken.accountId);
    const repaired = await account(broken.teamId, broken.accountId);
    expect([repaired.health, repaired.healthReason]).to.deep.equal(["ok", undefined]);
    expect((await readAccountTokens(broken.teamId, broken.accountId))?.accessToken).to.be.a("string");
    expect((await refreshDueAccounts({ now: Date.now() + 10 * MINUTE })).refreshed, "its new tokens refresh").to.equal(1);
  });

  it("a KMS outage while one account's tokens are read backs that account off, never needs_reauth; the others are refreshed", async () => {
    const kms = await startFakeKms();
    try {
      kms.createKey(KMS_KEY);
      await adminDb().doc("config/emulator").update({ kmsEndpoint: kms.address, kmsKeyName: KMS_KEY });
      const sealedByKms = await connected("X", 1000);
      // The next accounts are sealed with the local key; KMS is still the place to open the first one.
      await adminDb().doc("config/emulator").update({ kmsKeyName: FieldValue.delete() });
      const local = await connected("Pinterest", 1000);
      await stateRef(sealedByKms.teamId, sealedByKms.accountId).update({ refreshDueAt: new Date(Date.now() - MINUTE) });

      kms.setOutage(true);
      const now = Date.now() + 10 * MINUTE;
      const result = await refreshDueAccounts({ now, concurrency: 1 });
      expect(result).to.include({ accounts: 2, failed: 1, refreshed: 1, needs_reauth: 0 });
      expect((await account(local.teamId, local.accountId)).lastRefreshedAt).to.not.equal(undefined);
      const waiting = await account(sealedByKms.teamId, sealedByKms.accountId);
      expect([waiting.health, waiting.healthReason]).to.deep.equal(["ok", undefined]);
      const state = (await stateRef(sealedByKms.teamId, sealedByKms.accountId).get()).data();
      expect(state?.failures).to.equal(1);
      expect(state?.refreshDueAt.toMillis(), "backed off past this run").to.be.greaterThan(now);
      expect(await mailsTo(sealedByKms.alice.email)).to.equal(0);

      kms.setOutage(false);
      expect((await refreshDueAccounts({ now: now + 2 * MINUTE })).refreshed, "KMS is back").to.equal(1);
      expect((await account(sealedByKms.teamId, sealedByKms.accountId)).health).to.equal("ok");
      expect((await stateRef(sealedByKms.teamId, sealedByKms.accountId).get()).get("failures")).to.equal(0);
    } finally {
      await kms.stop();
    }
  });

  it("accessTokenFor hands out the stored token, and refreshes one that expires within minutes first", async () => {
    const fresh = await connected("Pinterest");
    const tokens = await readAccountTokens(fresh.teamId, fresh.accountId);
    const credentials = await accessTokenFor(fresh.teamId, fresh.accountId);
    expect(credentials.accessToken).to.equal(tokens?.accessToken);
    expect(credentials.account.platform).to.equal("Pinterest");
    expect(refreshCalls("pinterest")).to.equal(0);

    const expiring = await connected("YouTube", 120);
    const old = await readAccountTokens(expiring.teamId, expiring.accountId);
    const refreshed = await accessTokenFor(expiring.teamId, expiring.accountId);
    expect(refreshCalls("youtube")).to.equal(1);
    expect(refreshed.accessToken).to.not.equal(old?.accessToken);
    expect(
      (await readAccountTokens(expiring.teamId, expiring.accountId))?.refreshToken,
      "Google sends no new refresh token; the old one stays",
    ).to.equal(old?.refreshToken);
  });
});
