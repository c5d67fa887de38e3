/** Campaign helpers (CONTRACT §4, docs/campaign.md). */
import {
  Timestamp,
  addDoc,
  deleteField,
  doc,
  serverTimestamp,
  updateDoc,
  type DocumentReference,
  type Firestore,
  type UpdateData,
} from "firebase/firestore";
import type { CampaignPlatform, ContentDraft, PlatformContentDetail, ScheduledPost } from "../../functions/src/models/campaign.js";
import { contentDrafts, scheduledPosts } from "./collections.js";

/**
 * Sets one platform's entry of a draft. One platform per update: the rules validate only the
 * entries an update changes, and a draft's rules must stay within Firestore's limit of
 * evaluated expressions, which several platforms at once can exceed.
 */
export async function addDraftPlatform(
  db: Firestore,
  teamId: string,
  draftId: string,
  platform: CampaignPlatform,
  detail: PlatformContentDetail,
): Promise<void> {
  const update = { [`platformContents.${platform}`]: detail, updatedAt: serverTimestamp() } as UpdateData<ContentDraft>;
  await updateDoc(doc(contentDrafts(db, teamId), draftId), update);
}

/** Removes one platform's entry of a draft. */
export async function removeDraftPlatform(db: Firestore, teamId: string, draftId: string, platform: CampaignPlatform): Promise<void> {
  const update = { [`platformContents.${platform}`]: deleteField(), updatedAt: serverTimestamp() } as UpdateData<ContentDraft>;
  await updateDoc(doc(contentDrafts(db, teamId), draftId), update);
}

export interface NewScheduledPost {
  platform: CampaignPlatform;
  /** When to publish; the rules refuse a time more than a minute in the past. */
  scheduledAt: Date;
  /** The IANA time zone the user picked; defaults to the browser's. */
  timezone?: string;
  connectedAccountId?: string;
  contentDraftId?: string;
  content?: string;
}

/** Schedules a post (`status: scheduled`); the publisher (CONTRACT §6) takes it from there. */
export async function schedulePost(
  db: Firestore,
  teamId: string,
  uid: string,
  post: NewScheduledPost,
): Promise<DocumentReference<ScheduledPost>> {
  const { scheduledAt, timezone, ...optional } = post;
  const fields = Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)) as Omit<
    NewScheduledPost,
    "scheduledAt" | "timezone"
  >;
  return addDoc(scheduledPosts(db, teamId), {
    ...fields,
    platform: post.platform,
    scheduledAt: Timestamp.fromDate(scheduledAt),
    timezone: timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    status: "scheduled",
    createdBy: uid,
    createdAt: serverTimestamp(),
    updatedAt: serverTimestamp(),
  });
}

/** Moves a scheduled post to another time; the publisher publishes it at the new time only. */
export async function reschedulePost(db: Firestore, teamId: string, postId: string, scheduledAt: Date): Promise<void> {
  await updateDoc(doc(scheduledPosts(db, teamId), postId), { scheduledAt: Timestamp.fromDate(scheduledAt), updatedAt: serverTimestamp() });
}

/** Cancels a scheduled post (clients may only move `scheduled` to `cancelled`). */
export async function cancelPost(db: Firestore, teamId: string, postId: string): Promise<void> {
  await updateDoc(doc(scheduledPosts(db, teamId), postId), { status: "cancelled", updatedAt: serverTimestamp() });
}
