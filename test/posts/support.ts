/**
 * What the publishing suites share: the fake platforms on a free port (pointed at through
 * `config/emulator.platformsOrigin`), a signed-up member with a team, connected accounts with
 * stored tokens, files in Storage, drafts and posts written through the client SDK as the
 * frontend writes them, and waiting for a post's status.
 */
import { addDoc, collection, serverTimestamp, Timestamp, type DocumentData } from "firebase/firestore";
import { Timestamp as AdminTimestamp } from "firebase-admin/firestore";
import type { CampaignPlatform } from "../../functions/src/common/collections.js";
import { adminBucket, adminDb, eventually } from "../helpers/admin.js";
import { closeClients, signUp, type Client } from "../helpers/clients.js";
import { clearEmulatorData, clearStorageData, emulators, PROJECT_ID } from "../helpers/emulators.js";
import { useFunctionsEnv } from "../helpers/functionsEnv.js";
import { FakePublishing } from "../fakes/platforms/publish.js";

export type Member = Client & { uid: string; teamId: string };

/** A JPEG-typed payload; the platforms only see bytes and a content type. */
export const IMAGE_BYTES = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7) % 256));

/** Starts the fake platforms for the suite and clears the emulators before each test. */
export function usePublishing(): { fake: () => FakePublishing } {
  let fake: FakePublishing | null = null;
  useFunctionsEnv();
  before(async () => {
    fake = await FakePublishing.start();
  });
  beforeEach(async () => {
    fake?.reset();
    await Promise.all([clearEmulatorData(), clearStorageData()]);
    await adminDb().doc("config/emulator").set({ platformsOrigin: fake?.origin ?? "" });
  });
  afterEach(closeClients);
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

export async function member(): Promise<Member> {
  const client = await signUp();
  const teamId = (await adminDb().doc(`users/${client.uid}`).get()).get("defaultTeamId") as string;
  return Object.assign(client, { teamId });
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

/** A content draft written by the member through the client SDK (under the rules). */
export async function createDraft(owner: Member, platformContents: Record<string, DocumentData>): Promise<string> {
  const ref = await addDoc(collection(owner.db, `teams/${owner.teamId}/contentDrafts`), {
    title: "Launch",
    platformContents,
    createdBy: owner.uid,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  });
  return ref.id;
}

export interface PostFields {
  platform: CampaignPlatform;
  connectedAccountId?: string;
  contentDraftId?: string;
  content?: string;
  /** Milliseconds from now. */
  inMs?: number;
}

/** A scheduled post written by the member through the client SDK, as the frontend does. */
export async function schedulePost(owner: Member, fields: PostFields): Promise<string> {
  const { inMs = 3000, ...rest } = fields;
  const ref = await addDoc(collection(owner.db, `teams/${owner.teamId}/scheduledPosts`), {
    ...rest,
    scheduledAt: Timestamp.fromMillis(Date.now() + inMs),
    timezone: "Europe/Berlin",
    status: "scheduled",
    createdBy: owner.uid,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
