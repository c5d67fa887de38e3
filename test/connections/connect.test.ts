import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConnectedAccount } from "../../functions/src/models/connections.js";
import { readAccountTokens } from "../../functions/src/connections/accountTokens.js";
import { FACEBOOK_PAGES, fakeUserId, LINKEDIN_ORGANIZATION } from "../fakes/platforms/oauth.js";
import { addTeamMember, adminDb } from "../helpers/admin.js";
import { newClient, personalTeamId, signUp } from "../helpers/clients.js";
import { readEmulatorLogs } from "../helpers/emulatorLogs.js";
import { exportAllDocuments } from "../helpers/exportDocuments.js";
import { useFunctionsEnv } from "../helpers/functionsEnv.js";
import {
  ALL_PLATFORMS,
  connect,
  connectUntilCallback,
  consent,
  openCallback,
  settingsPage,
  start,
  useFakePlatforms,
  type CallbackResult,
} from "./support.js";
import { expectCallError } from "../helpers/callables.js";
import { callables, handleConnectionRedirect, isAccountDeletedError } from "../../client/src/index.js";

const ROOT = join(__dirname, "..", "..");

async function accountsOf(teamId: string): Promise<Array<ConnectedAccount & { id: string }>> {
  const snapshot = await adminDb().collection(`teams/${teamId}/connectedAccounts`).get();
  return snapshot.docs.map((d) => ({ id: d.id, ...(d.data() as ConnectedAccount) }));
}

async function countOf(collection: string): Promise<number> {
  return (await adminDb().collection(collection).count().get()).data().count;
}

/** Nothing of a refused flow was kept: no pending connection, no account, no token. */
async function expectNothingStored(teamId: string): Promise<void> {
  expect(await countOf("pendingConnections"), "pending connections").to.equal(0);
  expect(await accountsOf(teamId), "accounts").to.deep.equal([]);
  expect(await countOf("secrets"), "secrets").to.equal(0);
}

/**
 * Nothing of a disconnected account was kept: no account, no token. Its completed pending
 * connection stays until it expires (a retried complete's answer), without its grant.
 */
async function expectNothingKept(teamId: string): Promise<void> {
  const pending = await adminDb().collection("pendingConnections").get();
  expect(pending.docs.filter((doc) => doc.get("grant") !== undefined).length, "pending grants").to.equal(0);
  expect(await accountsOf(teamId), "accounts").to.deep.equal([]);
  expect(await countOf("secrets"), "secrets").to.equal(0);
}

describe("connections: connecting social accounts (emulators + fake platforms)", () => {
  useFunctionsEnv();
  const platforms = useFakePlatforms();
  const redirects: string[] = [];
  /** Every callable response of the suite's flows, as JSON. */
  const responses: string[] = [];
  let exported = 0;
  const leakedDocs: string[] = [];

  // Every test's documents are scanned for any token the fake issued before the next test clears them.
  afterEach(async () => {
    const issued = [...platforms.fake.oauth.issued];
    for (const doc of await exportAllDocuments()) {
      exported += 1;
      if (issued.some((token) => doc.json.includes(token))) leakedDocs.push(doc.path);
    }
  });

  async function flow(...args: Parameters<typeof connectUntilCallback>): Promise<CallbackResult> {
    const result = await connectUntilCallback(...args);
    redirects.push(result.location);
    return result;
  }

  describe("each platform's whole flow", () => {
    for (const platform of ALL_PLATFORMS) {
      it(`connects ${platform}: authorize page, callback, getPending, complete`, async () => {
        const alice = await signUp();
        const teamId = await personalTeamId(alice);
        const result = await flow(alice, teamId, platform);
        expect(result.status, result.location).to.equal("pending");
        expect(result.platform).to.equal(platform);
        expect(result.location.startsWith("http://localhost:5173/settings?")).to.equal(true);

        const pending = await settingsPage(alice, result.location);
        expect(pending.pendingId).to.equal(result.pendingId);
        expect(pending.platform).to.equal(platform);
        expect(pending.teamId).to.equal(teamId);
        const expectedTargets = platform === "Facebook" ? FACEBOOK_PAGES.length : platform === "LinkedIn" ? 2 : 1;
        expect(pending.targets).to.have.length(expectedTargets);

        const completed = await pending.complete();
        responses.push(JSON.stringify(pending), JSON.stringify(completed));
        const { connectedAccountIds } = completed;
        expect(connectedAccountIds).to.have.length(expectedTargets);
        const accounts = await accountsOf(teamId);
        expect(accounts.map((a) => a.id).sort()).to.deep.equal([...connectedAccountIds].sort());
        for (const account of accounts) {
          expect(account.platform).to.equal(platform);
          expect(account.connectedBy).to.equal(alice.uid);
          expect(account.health).to.equal("ok");
          expect(account.scopes.length).to.be.greaterThan(0);
          expect(
            Object.keys(account).some((key) => /token/i.test(key)),
            "no token field",
          ).to.equal(false);
        }
        if (platform === "Facebook") {
          expect(accounts.map((a) => a.kind)).to.deep.equal(["page", "page"]);
          expect(accounts.map((a) => a.platformAccountId).sort()).to.deep.equal(FACEBOOK_PAGES.map((p) => p.id).sort());
          expect(
            accounts.every((a) => !("expiresAt" in a)),
            "Page tokens do not expire: no expiresAt (CONTRACT §6 `expiresAt?`)",
          ).to.equal(true);
        } else if (platform === "LinkedIn") {
          expect(accounts.map((a) => a.kind).sort()).to.deep.equal(["organization", "profile"]);
          expect(accounts.map((a) => a.platformAccountId)).to.include(LINKEDIN_ORGANIZATION.urn);
        } else {
          expect(accounts[0].kind).to.equal("profile");
          expect(accounts[0].platformAccountId).to.equal(fakeUserId(platform.toLowerCase()));
          expect(accounts[0].expiresAt, "lifetime read from the token response").to.be.instanceOf(Timestamp);
        }
        expect(await countOf("secrets"), "one sealed secret per account").to.equal(expectedTargets);
        const used = await adminDb().doc(`pendingConnections/${result.pendingId}`).get();
        expect(used.get("grant"), "the pending connection is used up: its grant is gone").to.equal(undefined);
        expect(used.get("completed.connectedAccountIds")).to.deep.equal(connectedAccountIds);
        expect(await countOf("connectionStates"), "the state is used up").to.equal(0);

        const slug = platform.toLowerCase();
        expect(platforms.fake.oauth.callsOf(slug, "token").filter((c) => c.grantType === "authorization_code")).to.have.length(1);
        if (["Facebook", "Instagram", "Threads"].includes(platform)) {
          expect(platforms.fake.oauth.callsOf(slug, "longLived"), "Meta's long-lived exchange").to.have.length(1);
        }
      });
    }

    it("connects only the Facebook Pages the member chose", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const ids = await connect(alice, teamId, "Facebook", [FACEBOOK_PAGES[1].id]);
      expect(ids).to.have.length(1);
      expect((await accountsOf(teamId)).map((a) => a.displayName)).to.deep.equal([FACEBOOK_PAGES[1].name]);
    });

    it("updates the same document when an account is connected again, keeping the stored refresh token", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const [first] = await connect(alice, teamId, "YouTube");
      platforms.fake.oauth.withholdRefreshToken.add("youtube");
      const [second] = await connect(alice, teamId, "YouTube");
      expect(second).to.equal(first);
      expect(await accountsOf(teamId)).to.have.length(1);
      const tokens = await readAccountTokens(teamId, first);
      const issuedRefresh = [...platforms.fake.oauth.issued].filter((t) => t.startsWith("rt-youtube_"));
      expect(issuedRefresh, "the platform issued one refresh token, on the first consent").to.have.length(1);
      expect(tokens?.refreshToken).to.equal(issuedRefresh[0]);
    });
  });

  describe("completing twice", () => {
    it("a retried complete (its answer lost to the network) gets the same accounts and connects nothing again", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const result = await flow(alice, teamId, "Facebook");
      const pending = await settingsPage(alice, result.location);
      const first = await pending.complete([FACEBOOK_PAGES[0].id]);
      const connectedAt = (await accountsOf(teamId))[0].connectedAt;

      expect(await pending.complete([FACEBOOK_PAGES[0].id])).to.deep.equal(first);
      const accounts = await accountsOf(teamId);
      expect(accounts.map((a) => a.id)).to.deep.equal(first.connectedAccountIds);
      expect(accounts[0].connectedAt.toMillis(), "the account was not written again").to.equal(connectedAt.toMillis());
      expect(platforms.fake.oauth.callsOf("facebook", "token").filter((c) => c.grantType === "authorization_code")).to.have.length(1);
    });

    it("another choice after completing, and a reload's getPending, are refused with pending-used", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const result = await flow(alice, teamId, "Facebook");
      const pending = await settingsPage(alice, result.location);
      await pending.complete([FACEBOOK_PAGES[0].id]);

      const otherChoice = await expectCallError(pending.complete(), "failed-precondition", /already completed/);
      expect(otherChoice.details).to.deep.include({ reason: "pending-used" });
      const reload = await expectCallError(
        handleConnectionRedirect(alice.functions, new URL(result.location).search),
        "failed-precondition",
      );
      expect(reload.details).to.deep.include({ reason: "pending-used" });
      expect((await accountsOf(teamId)).map((a) => a.displayName)).to.deep.equal([FACEBOOK_PAGES[0].name]);
    });

    it("two completes at once connect once and both get the accounts", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const result = await flow(alice, teamId, "X");
      const pending = await settingsPage(alice, result.location);
      const [one, two] = await Promise.all([pending.complete(), pending.complete()]);
      expect(one).to.deep.equal(two);
      expect((await accountsOf(teamId)).map((a) => a.id)).to.deep.equal(one.connectedAccountIds);
      expect(await countOf("secrets")).to.equal(1);
    });
  });

  describe("refused with a clear result and nothing stored", () => {
    it("a callback without a state, with an unknown one, or on an unknown platform path", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const url = new URL(await start(alice, teamId, "X"));
      const callback = new URL(url.searchParams.get("redirect_uri") as string);
      const missing = await openCallback(`${callback}?code=abc`);
      expect([missing.status, missing.reason, missing.platform]).to.deep.equal(["error", "invalid_state", "X"]);
      const unknown = await openCallback(`${callback}?code=abc&state=not-a-state`);
      expect([unknown.status, unknown.reason]).to.deep.equal(["error", "invalid_state"]);
      const nowhere = await openCallback(`${callback.toString().replace(/\/x$/, "/myspace")}?code=abc&state=x`);
      expect([nowhere.reason, nowhere.platform]).to.deep.equal(["invalid_state", null]);
      redirects.push(missing.location, unknown.location, nowhere.location);
      expect(await countOf("pendingConnections")).to.equal(0);
      expect(platforms.fake.oauth.callsOf("x", "token"), "no code exchange").to.have.length(0);
    });

    it("an account whose deletion has started: start and complete are refused, nothing connected", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const pending = await connectUntilCallback(alice, teamId, "X");
      const flow = await settingsPage(alice, pending.location);
      // The record account deletion writes first (identity/deleteUserData.ts); the token stays valid meanwhile.
      await adminDb()
        .doc(`userDeletions/${alice.uid}`)
        .set({ teamIds: [teamId], pendingSteps: ["connections"], attempts: 0 });
      const states = await countOf("connectionStates");
      for (const call of [start(alice, teamId, "X"), flow.complete()]) {
        const error = await expectCallError(call, "failed-precondition");
        expect(isAccountDeletedError(error), error.message).to.equal(true);
      }
      expect(await countOf("connectionStates"), "no new flow started").to.equal(states);
      expect((await adminDb().collection(`teams/${teamId}/connectedAccounts`).get()).size, "no account connected").to.equal(0);
    });

    it("an expired state", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const authorizationUrl = await start(alice, teamId, "X");
      const states = await adminDb().collection("connectionStates").get();
      expect(states.size).to.equal(1);
      await states.docs[0].ref.update({ expiresAt: new Date(Date.now() - 1000) });
      const result = await openCallback(await consent(authorizationUrl, "approve"));
      expect([result.status, result.reason]).to.deep.equal(["error", "expired"]);
      await expectNothingStored(teamId);
    });

    it("a replayed state, and two callbacks racing with one state (one wins)", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const callbackUrl = await consent(await start(alice, teamId, "TikTok"), "approve");
      const raced = await Promise.all([openCallback(callbackUrl), openCallback(callbackUrl)]);
      expect(raced.map((r) => r.status).sort()).to.deep.equal(["error", "pending"]);
      expect(raced.find((r) => r.status === "error")?.reason).to.equal("invalid_state");
      const replay = await openCallback(callbackUrl);
      expect([replay.status, replay.reason]).to.deep.equal(["error", "invalid_state"]);
      expect(await countOf("pendingConnections")).to.equal(1);
      expect(platforms.fake.oauth.callsOf("tiktok", "token"), "the code was exchanged once").to.have.length(1);
    });

    it("a state used on another platform's callback", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const callbackUrl = await consent(await start(alice, teamId, "X"), "approve");
      const result = await openCallback(callbackUrl.replace("/connections-callback/x?", "/connections-callback/linkedin?"));
      expect([result.status, result.reason, result.platform]).to.deep.equal(["error", "invalid_state", "LinkedIn"]);
      await expectNothingStored(teamId);
    });

    it("a code the platform rejects", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const callbackUrl = new URL(await consent(await start(alice, teamId, "LinkedIn"), "approve"));
      callbackUrl.searchParams.set("code", "forged-code");
      const result = await openCallback(callbackUrl.toString());
      expect([result.status, result.reason]).to.deep.equal(["error", "platform_error"]);
      expect(result.location).to.not.contain("invalid_grant");
      await expectNothingStored(teamId);
    });

    it("a wrong PKCE verifier (the fake checks S256)", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const authorizationUrl = await start(alice, teamId, "X");
      expect(new URL(authorizationUrl).searchParams.get("code_challenge_method")).to.equal("S256");
      const [state] = (await adminDb().collection("connectionStates").get()).docs;
      await state.ref.update({ codeVerifier: "a-wrong-verifier-a-wrong-verifier-a-wrong-verifier" });
      const result = await openCallback(await consent(authorizationUrl, "approve"));
      expect([result.status, result.reason]).to.deep.equal(["error", "platform_error"]);
      await expectNothingStored(teamId);
    });

    it("a user who denies consent lands on reason=denied", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const result = await flow(alice, teamId, "Pinterest", "deny");
      expect([result.status, result.reason, result.platform]).to.deep.equal(["error", "denied", "Pinterest"]);
      expect(
        await handleConnectionRedirect(alice.functions, new URL(result.location).search),
        "what the settings page shows",
      ).to.deep.equal({
        status: "error",
        platform: "Pinterest",
        reason: "denied",
      });
      await expectNothingStored(teamId);
    });

    it("a pending connection read or completed by another user, even a member of the team", async () => {
      const alice = await signUp();
      const bob = await signUp();
      const teamId = await personalTeamId(alice);
      await addTeamMember(teamId, bob.uid);
      const result = await flow(alice, teamId, "Threads");
      await expectCallError(handleConnectionRedirect(bob.functions, new URL(result.location).search), "permission-denied");
      await expectCallError(callables(bob.functions).connections.complete({ pendingId: result.pendingId ?? "" }), "permission-denied");
      expect(await accountsOf(teamId)).to.deep.equal([]);
      expect(await countOf("pendingConnections")).to.equal(1);
    });

    it("bad input, a signed-out caller and a non-member", async () => {
      const alice = await signUp();
      const mallory = await signUp();
      const teamId = await personalTeamId(alice);
      await expectCallError(alice.call("connections-start", { teamId, platform: "MySpace" }), "invalid-argument", /platform/);
      const signedOut = callables(newClient().functions).connections;
      const own = callables(alice.functions).connections;
      const foreign = callables(mallory.functions).connections;
      await expectCallError(own.start({ teamId: "a/b", platform: "X" }), "invalid-argument", /teamId/);
      await expectCallError(signedOut.start({ teamId, platform: "X" }), "unauthenticated");
      await expectCallError(foreign.start({ teamId, platform: "X" }), "permission-denied");
      await expectCallError(alice.call("connections-getPending", {}), "invalid-argument", /pendingId/);
      await expectCallError(own.complete({ pendingId: "nope" }), "not-found");
      await expectCallError(alice.call("connections-disconnect", { teamId }), "invalid-argument", /connectedAccountId/);
      await expectCallError(own.disconnect({ teamId, connectedAccountId: "x_missing" }), "not-found");
      await expectCallError(signedOut.getPending({ pendingId: "p1" }), "unauthenticated");
      await expectCallError(signedOut.complete({ pendingId: "p1" }), "unauthenticated");
      await expectCallError(signedOut.disconnect({ teamId, connectedAccountId: "x_1" }), "unauthenticated");
      await expectCallError(foreign.disconnect({ teamId, connectedAccountId: "x_1" }), "permission-denied");
      expect(await countOf("connectionStates")).to.equal(0);
    });

    it("targetIds the connection did not offer", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const result = await flow(alice, teamId, "Facebook");
      await expectCallError((await settingsPage(alice, result.location)).complete(["someone-elses-page"]), "invalid-argument", /targetIds/);
      expect(await accountsOf(teamId)).to.deep.equal([]);
      expect(await countOf("secrets")).to.equal(0);
      expect(await countOf("pendingConnections"), "the pending connection stays for a corrected choice").to.equal(1);
    });
  });

  describe("disconnecting", () => {
    it("revokes at the platform, then deletes the account, its tokens and its refresh state", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const [accountId] = await connect(alice, teamId, "X");
      await callables(alice.functions).connections.disconnect({ teamId, connectedAccountId: accountId });
      expect(platforms.fake.oauth.revoked.map((r) => r.slug)).to.deep.equal(["x"]);
      await expectNothingKept(teamId);
      expect(await countOf("accountTokenStates")).to.equal(0);
    });

    it("refuses a plain member who did not connect the account; the owner may", async () => {
      const alice = await signUp();
      const bob = await signUp();
      const teamId = await personalTeamId(alice);
      await addTeamMember(teamId, bob.uid);
      const [accountId] = await connect(bob, teamId, "YouTube");
      const [aliceAccount] = await connect(alice, teamId, "TikTok");
      await expectCallError(
        callables(bob.functions).connections.disconnect({ teamId, connectedAccountId: aliceAccount }),
        "permission-denied",
      );
      await callables(alice.functions).connections.disconnect({ teamId, connectedAccountId: accountId });
      expect((await accountsOf(teamId)).map((a) => a.id)).to.deep.equal([aliceAccount]);
    });

    it("still deletes locally when the platform's revoke fails", async () => {
      const alice = await signUp();
      const teamId = await personalTeamId(alice);
      const [accountId] = await connect(alice, teamId, "TikTok");
      platforms.fake.oauth.failRevokes = 1;
      await callables(alice.functions).connections.disconnect({ teamId, connectedAccountId: accountId });
      expect(platforms.fake.oauth.callsOf("tiktok", "revoke")).to.have.length(1);
      expect(platforms.fake.oauth.revoked).to.deep.equal([]);
      await expectNothingKept(teamId);
    });
  });

  // Runs last (mocha keeps order): every earlier test's documents were scanned in afterEach.
  describe("after every other test of the suite", () => {
    it("never put a token in a Firestore document, a redirect URL or a log line", async () => {
      const issued = [...platforms.fake.oauth.issued];
      expect(exported, "documents scanned").to.be.greaterThan(30);
      expect(leakedDocs, "documents holding a token").to.deep.equal([]);
      expect(redirects.length).to.be.greaterThan(5);
      expect(
        redirects.filter((r) => /token|code=|secret/i.test(r)),
        "redirects with a token, code or secret",
      ).to.deep.equal([]);
      expect(responses.length, "callable responses scanned").to.be.greaterThan(10);
      expect(
        responses.filter((r) => issued.some((token) => r.includes(token))),
        "callable responses holding a token",
      ).to.deep.equal([]);
      const logs = await readEmulatorLogs();
      expect(
        logs.some((entry) => entry.includes("connections.completed")),
        "the functions' own log lines are in the captured logs",
      ).to.equal(true);
      expect(
        logs.filter((entry) => /local-[a-z]+-secret|at-[a-z]+_[A-Za-z0-9_-]{20,}|rt-[a-z]+_[A-Za-z0-9_-]{20,}/.test(entry)),
        "log lines with a token or client secret",
      ).to.deep.equal([]);
      const debugLog = join(ROOT, "firebase-debug.log");
      if (existsSync(debugLog)) expect(issued.filter((t) => readFileSync(debugLog, "utf8").includes(t))).to.deep.equal([]);
    });
  });
});
