/** Shared set-up of the Storage rules specs: two teams, their members and upload helpers. */
import type { RulesTestContext } from "@firebase/rules-unit-testing";
import { Timestamp } from "firebase/firestore";
import { clearStorageData } from "../helpers/emulators.js";
import { rulesEnv, seed } from "../helpers/rules.js";

export const MiB = 1024 * 1024;
export const TEAM = "team-a";
/** alice and dave are members of team-a, bob of team-b only, carol of no team. */
export const [ALICE, DAVE, BOB, CAROL] = ["alice", "dave", "bob", "carol"];

export async function seedTeamsAndClearStorage(): Promise<void> {
  const env = await rulesEnv();
  await env.clearFirestore();
  await clearStorageData();
  const joinedAt = Timestamp.fromDate(new Date("2026-01-01T00:00:00Z"));
  await seed({
    [`teams/${TEAM}/members/${ALICE}`]: { role: "owner", name: ALICE, email: null, joinedAt },
    [`teams/${TEAM}/members/${DAVE}`]: { role: "member", name: DAVE, email: null, joinedAt },
    [`teams/team-b/members/${BOB}`]: { role: "owner", name: BOB, email: null, joinedAt },
  });
}

/** A Storage client for `uid`, or signed out for null, with the rules enforced. */
export async function storageAs(uid: string | null) {
  const env = await rulesEnv();
  const context: RulesTestContext = uid ? env.authenticatedContext(uid) : env.unauthenticatedContext();
  return context.storage();
}

export interface UploadOptions {
  size?: number;
  contentType?: string;
  customMetadata?: Record<string, string>;
}

/** Uploads `size` bytes to `path` as `uid`, the way the frontend does. */
export async function upload(uid: string | null, path: string, options: UploadOptions = {}) {
  const storage = await storageAs(uid);
  const bytes = new Uint8Array(options.size ?? 1024).fill(1);
  return storage.ref(path).put(bytes, { contentType: options.contentType ?? "image/png", customMetadata: options.customMetadata });
}

/** Writes a file with the rules bypassed. */
export async function seedFile(path: string, customMetadata: Record<string, string>): Promise<void> {
  const env = await rulesEnv();
  await env.withSecurityRulesDisabled(async (context) => {
    await context.storage().ref(path).put(new Uint8Array(64).fill(2), { contentType: "image/png", customMetadata });
  });
}
