/**
 * What the publishing suites share: the fake platforms on a free port (pointed at through
 * `config/emulator.platformsOrigin`), a signed-up member with a team, connected accounts with
 * stored tokens, files in Storage, drafts and posts written through the client package as the
 * frontend writes them, and waiting for a post's status.
 */
import { addDoc, serverTimestamp, type DocumentData } from "firebase/firestore";
import { Timestamp as AdminTimestamp } from "firebase-admin/firestore";
import type { CampaignPlatform } from "../../functions/src/models/campaignEnums.js";
import { addDraftPlatform, contentDrafts, schedulePost as schedulePostAsMember, type ContentDraft } from "../../client/src/index.js";
import { campaignPlatforms } from "../../functions/src/models/campaign.js";
import { getFunctions } from "firebase-admin/functions";
import { getApps, initializeApp } from "firebase-admin/app";
import { EMULATED_TASKS_ACCOUNT } from "../../functions/src/common/tasks.js";
import { adminBucket, adminDb, eventually } from "../helpers/admin.js";
import { newClient, signUp, type Member } from "../helpers/clients.js";
import { emulators, PROJECT_ID } from "../helpers/emulators.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { useFunctionsEnv } from "../helpers/functionsEnv.js";
import { FakePublishing } from "../fakes/platforms/publish.js";
import { sendJson } from "../fakes/server.js";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A JPEG-typed payload; the platforms only see bytes and a content type. */
export const IMAGE_BYTES = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7) % 256));

/** Refresh grants X's token endpoint answered (the 401 → refresh → retry path). */
export const refreshGrants: string[] = [];
/** Token requests refused for their client authentication (client id, secret length). */
export const refusedClients: string[] = [];

/**
 * X's token endpoint for the refresh grant, enough for the 401 → refresh path: client
 * authentication as the local X client (scripts/lib/local-secrets.mjs), a new access token and a
 * rotated refresh token, in the OAuth wire format oauth4webapi reads.
 */
async function xTokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== "POST" || req.url !== "/x/2/oauth2/token") return false;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
  const presented = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString("utf8");
  const separator = presented.indexOf(":");
  const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
  const clientId = separator < 0 ? "" : decode(presented.slice(0, separator));
  const clientSecret = separator < 0 ? "" : decode(presented.slice(separator + 1));
  if (clientId !== "local-x-client" || clientSecret !== "local-x-secret" || form.get("grant_type") !== "refresh_token") {
    refusedClients.push(`${clientId || "<none>"}:<secret of ${clientSecret.length} chars> grant=${form.get("grant_type")}`);
    sendJson(res, 401, { error: "invalid_client" });
    return true;
  }
  const refreshToken = form.get("refresh_token") ?? "";
  refreshGrants.push(refreshToken);
  if (!refreshToken.startsWith("refresh-")) {
    sendJson(res, 400, { error: "invalid_grant", error_description: "Value passed for the token was invalid." });
    return true;
  }
  const n = refreshGrants.length;
  sendJson(res, 200, {
    token_type: "bearer",
    access_token: `token-x-refreshed-${n}`,
    refresh_token: `refresh-${n}`,
    expires_in: 7200,
    scope: "tweet.read tweet.write users.read media.write offline.access",
  });
  return true;
}

/** Starts the fake platforms for the suite and clears the emulators before each test. */
export function usePublishing(): { fake: () => FakePublishing } {
  let fake: FakePublishing | null = null;
  useFunctionsEnv();
  before(async () => {
    fake = await FakePublishing.start(xTokenEndpoint);
  });
  // The functions emulator starts a worker process for each function on its first call, which on
  // a loaded 2-core machine takes seconds: each publishing function is called once here, one per
  // hook, so that each test's time is publishing, not process start-up.
  before(runSweeper);
  before(() => signUp());
  before(() => Promise.all([refused(newClient().call("posts-publishNow", {})), refused(newClient().call("posts-retry", {}))]));
  before(() => enqueueTask({ teamId: "warm-up", postId: "warm-up", scheduledAt: 0 }, `warm-up-${Date.now()}`));
  before(() => adminDb().doc("teams/warm-up/scheduledPosts/warm-up").set({ status: "cancelled" }));
  useEmptyEmulators({ storage: true });
  beforeEach(async () => {
    fake?.reset();
    refreshGrants.length = 0;
    refusedClients.length = 0;
    await adminDb()
      .doc("config/emulator")
      .set({ platformsOrigin: fake?.origin ?? "" });
  });
  after(async () => {
    await fake?.close();
  });
  return {
    fake: () => {
      if (!fake) throw new Error("The fake platforms are not running.");
      return fake;
    },
  };
}

export interface AccountOptions {
  health?: "ok" | "needs_reauth";
  accessToken?: string;
  refreshToken?: string;
  platformAccountId?: string;
  kind?: "profile" | "page" | "organization";
}

/** A connected account document plus its stored (encrypted) tokens, as the OAuth flow leaves them. */
export async function connectAccount(owner: Member, platform: CampaignPlatform, options: AccountOptions = {}): Promise<string> {
  const accountId = `${platform.toLowerCase()}-${options.platformAccountId ?? "acct-1"}`;
  await adminDb()
    .doc(`teams/${owner.teamId}/connectedAccounts/${accountId}`)
    .set({
      platform,
      platformAccountId: options.platformAccountId ?? "acct-1",
      kind: options.kind ?? (platform === "Facebook" ? "page" : "profile"),
      displayName: `${platform} account`,
      profileImageUrl: null,
      scopes: [],
      connectedBy: owner.uid,
      connectedAt: AdminTimestamp.now(),
      health: "ok",
    });
  const { storeAccountTokens } = await import("../../functions/src/connections/credentials.js");
  await storeAccountTokens(owner.teamId, accountId, {
    accessToken: options.accessToken ?? `token-${platform.toLowerCase()}`,
    ...(options.refreshToken ? { refreshToken: options.refreshToken, expiresAt: Date.now() + 3600_000 } : {}),
    issuedAt: Date.now(),
  });
  if (options.health === "needs_reauth") {
    await adminDb().doc(`teams/${owner.teamId}/connectedAccounts/${accountId}`).update({ health: "needs_reauth" });
  }
  return accountId;
}

/** Writes a file to the team's library folder in Storage; returns its path. */
export async function storeFile(teamId: string, fileName: string, contentType: string, bytes: Buffer = IMAGE_BYTES): Promise<string> {
  const path = `teams/${teamId}/library/asset-${fileName.replace(/\W/g, "")}/${fileName}`;
  await adminBucket().file(path).save(bytes, { contentType, resumable: false });
  return path;
}

/**
 * A content draft written by the member as the frontend writes one, through the client package:
 * the draft, then `addDraftPlatform` for each platform (one per update, under the rules).
 */
export async function createDraft(owner: Member, platformContents: ContentDraft["platformContents"]): Promise<string> {
  const ref = await addDoc(contentDrafts(owner.db, owner.teamId), {
    title: "Launch",
    platformContents: {},
    createdBy: owner.uid,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  });
  for (const platform of campaignPlatforms) {
    const detail = platformContents[platform];
    if (detail) await addDraftPlatform(owner.db, owner.teamId, ref.id, platform, detail);
  }
  return ref.id;
}

/**
 * A content draft written with the Admin SDK, for contents the rules refuse (as a draft written
 * before a rule was tightened may still hold).
 */
export async function seedDraft(owner: Member, platformContents: DocumentData): Promise<string> {
  const ref = adminDb().collection(`teams/${owner.teamId}/contentDrafts`).doc();
  await ref.set({
    title: "Old draft",
    platformContents,
    createdBy: owner.uid,
    createdAt: AdminTimestamp.now(),
    updatedAt: AdminTimestamp.now(),
  });
  return ref.id;
}

export interface PostFields {
  platform: CampaignPlatform;
  connectedAccountId?: string;
  contentDraftId?: string;
  content?: string;
  /** Milliseconds from now; by default the post is due at once (the rules accept up to a minute back). */
  inMs?: number;
}

/** A scheduled post written by the member through the client package's `schedulePost`, as the frontend does. */
export async function schedulePost(owner: Member, fields: PostFields): Promise<string> {
  const { inMs = 0, ...rest } = fields;
  const ref = await schedulePostAsMember(owner.db, owner.teamId, owner.uid, {
    ...rest,
    scheduledAt: new Date(Date.now() + inMs),
    timezone: "Europe/Berlin",
  });
  return ref.id;
}

export const postDoc = (teamId: string, postId: string) => adminDb().doc(`teams/${teamId}/scheduledPosts/${postId}`);

export async function readPost(teamId: string, postId: string): Promise<DocumentData> {
  return (await postDoc(teamId, postId).get()).data() ?? {};
}

/** Waits until the post has one of `statuses`; returns its data. */
export async function waitForStatus(teamId: string, postId: string, statuses: string[], timeoutMs = 25_000): Promise<DocumentData> {
  return eventually(
    `post ${postId} to be ${statuses.join(" or ")}`,
    async () => {
      const data = await readPost(teamId, postId);
      return statuses.includes(data.status as string) ? data : null;
    },
    timeoutMs,
  );
}

/**
 * Every status the post takes from now on, in order (consecutive repeats once), from a listener:
 * a post that goes back to `scheduled` in between shows up even when it ends `failed`.
 */
export function watchStatuses(teamId: string, postId: string): { seen: string[]; stop: () => void } {
  const seen: string[] = [];
  const stop = postDoc(teamId, postId).onSnapshot((snapshot) => {
    const status = String(snapshot.get("status") ?? "(none)");
    if (seen[seen.length - 1] !== status) seen.push(status);
  });
  return { seen, stop };
}

/** Runs the sweeper the way Cloud Scheduler would, through the emulator's trigger URL. */
export async function runSweeper(): Promise<void> {
  const { host, port } = emulators.functions();
  const response = await fetch(`http://${host}:${port}/functions/projects/${PROJECT_ID}/triggers/us-central1-posts-sweep-0`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (!response.ok) throw new Error(`The sweeper trigger answered ${response.status}: ${await response.text()}`);
}

/**
 * A post written with the Admin SDK, for states a client cannot create (late, `publishing`,
 * `failed`). Its create still fires the trigger, like any write.
 */
export async function seedPost(
  owner: Member,
  fields: PostFields & { id?: string; status?: string; scheduledAtMs?: number; extra?: DocumentData },
): Promise<string> {
  const { inMs = 0, status = "scheduled", scheduledAtMs, extra = {}, id, ...rest } = fields;
  const collection = adminDb().collection(`teams/${owner.teamId}/scheduledPosts`);
  const ref = id ? collection.doc(id) : collection.doc();
  await ref.set({
    ...rest,
    scheduledAt: AdminTimestamp.fromMillis(scheduledAtMs ?? Date.now() + inMs),
    timezone: "UTC",
    status,
    createdBy: owner.uid,
    createdAt: AdminTimestamp.now(),
    updatedAt: AdminTimestamp.now(),
    ...extra,
  });
  return ref.id;
}

/** Enqueues a publishing task straight into the Cloud Tasks emulator, as a duplicate delivery would. */
export async function enqueueTask(
  task: { teamId: string; postId: string; scheduledAt: number; source?: string },
  id: string,
): Promise<void> {
  await getFunctions(tasksApp())
    .taskQueue("locations/us-central1/functions/posts-publishTask")
    .enqueue({ source: "schedule", ...task }, { id });
}

const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    () => undefined,
  );

/** An Admin app that names its service account, so that enqueueing skips the metadata-server lookup. */
export function tasksApp() {
  return (
    getApps().find((a) => a.name === "tasks-tests") ??
    initializeApp({ projectId: PROJECT_ID, serviceAccountId: EMULATED_TASKS_ACCOUNT }, "tasks-tests")
  );
}
