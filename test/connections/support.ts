/** Shared set-up of the connections suites: the fake platforms, the emulator seam, the flow as a browser drives it. */
import { expect } from "chai";
import type { CampaignPlatform } from "../../functions/src/models/campaignEnums.js";
import { connectAccount, handleConnectionRedirect, type PendingConnectionFlow } from "../../client/src/index.js";
import { addTeamMember, adminDb, eventually } from "../helpers/admin.js";
import { closeClients, newClient, personalTeamId, signUp, type Client, type SignedUp } from "../helpers/clients.js";
import { clearEmulatorData, functionUrl } from "../helpers/emulators.js";
import { startFakePlatforms, type FakePlatforms } from "../fakes/platforms/index.js";
import { localClient } from "../fakes/platforms/oauth.js";

export const ALL_PLATFORMS: CampaignPlatform[] = ["Facebook", "Instagram", "X", "LinkedIn", "TikTok", "YouTube", "Pinterest", "Threads"];

/** What the web app's settings page receives from the callback redirect. */
export interface CallbackResult {
  /** The full redirect target (the app URL with its query). */
  location: string;
  status: string | null;
  platform: string | null;
  pendingId: string | null;
  reason: string | null;
}

export async function pointFunctionsAtPlatforms(fake: FakePlatforms): Promise<void> {
  fake.oauth.reset();
  await adminDb().doc("config/emulator").set({ platformsOrigin: fake.origin });
}

/**
 * The hooks every connections suite shares: the fake platforms run for the suite; before each
 * test the data is cleared and the functions are pointed at them; clients close after each test.
 */
export function useFakePlatforms(): { fake: FakePlatforms } {
  const holder = {} as { fake: FakePlatforms };
  before(async function () {
    // Cold starts of five function workers on a shared 2-core machine; see warmConnectionFunctions.
    this.timeout(120_000);
    holder.fake = await startFakePlatforms();
    await warmConnectionFunctions();
  });
  after(() => holder.fake?.close());
  beforeEach(async () => {
    await clearEmulatorData();
    await pointFunctionsAtPlatforms(holder.fake);
  });
  afterEach(closeClients);
  return holder;
}

/**
 * The functions emulator loads a worker per function on its first call, which takes seconds on
 * a loaded 2-core machine. One cheap call to each (bad input, or a callback without a state)
 * loads them before the tests, so that a test's own calls are not its cold starts.
 */
async function warmConnectionFunctions(): Promise<void> {
  const client = newClient();
  const refused = (name: string) => client.call(name, { bad: true }).catch(() => undefined);
  await Promise.all([
    refused("connections-start"),
    refused("connections-getPending"),
    refused("connections-complete"),
    refused("connections-disconnect"),
    fetch(functionUrl("connections-callback/x"), { redirect: "manual" }).then((r) => r.body?.cancel()),
  ]);
}

/** Follows a redirect response once and returns where it pointed. */
function locationOf(response: Response): string {
  expect(response.status, `expected a redirect, got ${response.status}`).to.equal(302);
  const location = response.headers.get("location");
  expect(location, "Location header").to.be.a("string");
  return location as string;
}

/** The platform's consent page as a browser shows it, then the form submitted with `decision`. */
export async function consent(authorizationUrl: string, decision: "approve" | "deny", pages?: string[]): Promise<string> {
  const page = await fetch(authorizationUrl);
  expect(page.status).to.equal(200);
  const html = await page.text();
  expect(html).to.contain('id="approve"');
  const form = new URLSearchParams(new URL(authorizationUrl).searchParams);
  form.set("decision", decision);
  for (const id of pages ?? []) form.append("pages", id);
  const url = new URL(authorizationUrl);
  const submitted = await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: form, redirect: "manual" });
  return locationOf(submitted);
}

/** Opens the callback URL (as the browser does after the platform's redirect) and reads where it sends the browser. */
export async function openCallback(callbackUrl: string): Promise<CallbackResult> {
  const location = locationOf(await fetch(callbackUrl, { redirect: "manual" }));
  const params = new URL(location).searchParams;
  return {
    location,
    status: params.get("connection_status"),
    platform: params.get("platform"),
    pendingId: params.get("pendingId"),
    reason: params.get("reason"),
  };
}

/**
 * `connections-start` for `platform` in `teamId`, through the client package's `connectAccount`;
 * the browser's navigation is left to `consent`, which plays the browser.
 */
export async function start(client: Client, teamId: string, platform: CampaignPlatform): Promise<string> {
  let navigatedTo: string | undefined;
  const authorizationUrl = await connectAccount(client.functions, { teamId, platform }, (url) => (navigatedTo = url));
  expect(navigatedTo, "connectAccount sends the browser to the authorization URL").to.equal(authorizationUrl);
  return authorizationUrl;
}

/**
 * The settings page after the callback: the client package's `handleConnectionRedirect` reads the
 * redirect's query and, for a pending connection, lists its targets (`connections-getPending`).
 */
export async function settingsPage(client: Client, location: string): Promise<PendingConnectionFlow> {
  const flow = await handleConnectionRedirect(client.functions, new URL(location).search);
  if (flow?.status !== "pending") throw new Error(`expected a pending connection, got ${JSON.stringify(flow)} from ${location}`);
  return flow;
}

/** The whole browser side of a flow: start, consent, callback. */
export async function connectUntilCallback(
  client: Client,
  teamId: string,
  platform: CampaignPlatform,
  decision: "approve" | "deny" = "approve",
  pages?: string[],
): Promise<CallbackResult> {
  const authorizationUrl = await start(client, teamId, platform);
  return openCallback(await consent(authorizationUrl, decision, pages));
}

/** The whole flow through `connections-complete`; returns the new account ids. */
export async function connect(client: Client, teamId: string, platform: CampaignPlatform, targetIds?: string[]): Promise<string[]> {
  const result = await connectUntilCallback(client, teamId, platform);
  expect(result.status, result.location).to.equal("pending");
  const { connectedAccountIds } = await (await settingsPage(client, result.location)).complete(targetIds);
  return connectedAccountIds;
}

const CLIENT_ENV: Array<[idName: string, secretName: string, slug: string]> = [
  ["FACEBOOK_CLIENT_ID", "FACEBOOK_CLIENT_SECRET", "facebook"],
  ["INSTAGRAM_CLIENT_ID", "INSTAGRAM_CLIENT_SECRET", "instagram"],
  ["X_CLIENT_ID", "X_CLIENT_SECRET", "x"],
  ["LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET", "linkedin"],
  ["TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET", "tiktok"],
  ["YOUTUBE_CLIENT_ID", "YOUTUBE_CLIENT_SECRET", "youtube"],
  ["PINTEREST_CLIENT_ID", "PINTEREST_CLIENT_SECRET", "pinterest"],
  ["THREADS_CLIENT_ID", "THREADS_CLIENT_SECRET", "threads"],
];

/**
 * For suites that run the connections service code in this process (the refresh sweep with a
 * chosen `now`): the platform client ids and secrets the functions emulator reads from
 * functions/.env.local and .secret.local, put back afterwards.
 */
export function usePlatformClientEnv(): void {
  const saved = new Map<string, string | undefined>();
  before(() => {
    for (const [idName, secretName, slug] of CLIENT_ENV) {
      const client = localClient(slug);
      for (const [name, value] of [
        [idName, client.clientId],
        [secretName, client.clientSecret],
      ]) {
        saved.set(name, process.env[name]);
        process.env[name] = value;
      }
    }
  });
  after(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/** The ids of a team's connected accounts, sorted. */
export async function accountIds(teamId: string): Promise<string[]> {
  return (await adminDb().collection(`teams/${teamId}/connectedAccounts`).get()).docs.map((d) => d.id).sort();
}

/** Waits until the revocation queue is empty (the trigger revoked and deleted everything queued). */
export async function revocationsDone(timeoutMs = 30_000): Promise<void> {
  await eventually("queued revocations", async () => (await adminDb().collection("accountRevocations").get()).empty, timeoutMs);
}

/** Alice's personal team with bob as a plain member: where a member's accounts leave with them. */
export async function teamOfTwo(): Promise<{ alice: SignedUp; bob: SignedUp; teamId: string }> {
  const alice = await signUp();
  const teamId = await personalTeamId(alice);
  const bob = await signUp();
  await addTeamMember(teamId, bob.uid);
  return { alice, bob, teamId };
}
