/**
 * Typed references to every collection of the contract, with converters that validate reads.
 * Writes are typed too: `addDoc(personas(db, teamId), {...})` must have a persona's fields.
 */
import { collection, doc, type CollectionReference, type DocumentData, type DocumentReference, type Firestore } from "firebase/firestore";
import type { z } from "zod";
import { aiUsageSchema, type AiUsage } from "../../functions/src/models/ai.js";
import { aiConfigSchema, type AiConfig } from "../../functions/src/models/aiConfigs.js";
import {
  contentDraftSchema,
  operatorSchema,
  personaSchema,
  scheduledPostSchema,
  type ContentDraft,
  type Operator,
  type Persona,
  type ScheduledPost,
} from "../../functions/src/models/campaign.js";
import {
  channelSchema,
  messageSchema,
  readMarkerSchema,
  typingSchema,
  type Channel,
  type Message,
  type ReadMarker,
  type Typing,
} from "../../functions/src/models/chat.js";
import { connectedAccountSchema, type ConnectedAccount } from "../../functions/src/models/connections.js";
import { userReadSchema, type UserProfile } from "../../functions/src/models/identity.js";
import { invitationSchema, type Invitation } from "../../functions/src/models/invitations.js";
import {
  libraryAssetSchema,
  teamStorageUsageSchema,
  type LibraryAsset,
  type TeamStorageUsage,
} from "../../functions/src/models/library.js";
import { memberSchema, teamSchema, type Member, type Team } from "../../functions/src/models/teams.js";
import { converter } from "./converter.js";

/** A typed collection (declared with the public `firebase/firestore` types, so apps need nothing else). */
export type Collection<T> = CollectionReference<T, DocumentData>;
/** A typed document. */
export type Doc<T> = DocumentReference<T, DocumentData>;

function typed<T extends DocumentData>(db: Firestore, path: string, schema: z.ZodType<T>): Collection<T> {
  return collection(db, path).withConverter(converter(schema));
}

// ---- identity (§1) ----------------------------------------------------------------------
/**
 * `users` (a user reads only their own profile). Read as the server reads it (`userReadSchema`):
 * an owner-written field stored under older rules never makes the read fail.
 */
export const users = (db: Firestore): Collection<UserProfile> => typed(db, "users", userReadSchema);
export const userRef = (db: Firestore, uid: string): Doc<UserProfile> => doc(users(db), uid);

// ---- teams and invitations (§2) ------------------------------------------------------------
/** `teams`: list yours with `where('memberIds', 'array-contains', uid)`. */
export const teams = (db: Firestore): Collection<Team> => typed(db, "teams", teamSchema);
export const teamRef = (db: Firestore, teamId: string): Doc<Team> => doc(teams(db), teamId);
export const members = (db: Firestore, teamId: string): Collection<Member> => typed(db, `teams/${teamId}/members`, memberSchema);
export const memberRef = (db: Firestore, teamId: string, uid: string): Doc<Member> => doc(members(db, teamId), uid);
/** `invitations`: owner/admin list with `where('teamId', '==', teamId)`. */
export const invitations = (db: Firestore): Collection<Invitation> => typed(db, "invitations", invitationSchema);

// ---- AI configuration and credits (§3, §7) ---------------------------------------------------
export const aiConfigs = (db: Firestore, uid: string): Collection<AiConfig> => typed(db, `users/${uid}/aiConfigs`, aiConfigSchema);
/** `users/{uid}/usage/{YYYY-MM}` (UTC month). */
export const aiUsage = (db: Firestore, uid: string): Collection<AiUsage> => typed(db, `users/${uid}/usage`, aiUsageSchema);
export const aiUsageRef = (db: Firestore, uid: string, period: string): Doc<AiUsage> => doc(aiUsage(db, uid), period);

// ---- campaign (§4) -----------------------------------------------------------------------
export const personas = (db: Firestore, teamId: string): Collection<Persona> => typed(db, `teams/${teamId}/personas`, personaSchema);
export const operators = (db: Firestore, teamId: string): Collection<Operator> => typed(db, `teams/${teamId}/operators`, operatorSchema);
export const contentDrafts = (db: Firestore, teamId: string): Collection<ContentDraft> =>
  typed(db, `teams/${teamId}/contentDrafts`, contentDraftSchema);
export const scheduledPosts = (db: Firestore, teamId: string): Collection<ScheduledPost> =>
  typed(db, `teams/${teamId}/scheduledPosts`, scheduledPostSchema);

// ---- library (§5) ------------------------------------------------------------------------
export const libraryAssets = (db: Firestore, teamId: string): Collection<LibraryAsset> =>
  typed(db, `teams/${teamId}/libraryAssets`, libraryAssetSchema);
export const libraryAssetRef = (db: Firestore, teamId: string, assetId: string): Doc<LibraryAsset> =>
  doc(libraryAssets(db, teamId), assetId);
/**
 * `teams/{teamId}/usage/storage`: the bytes the team's files take and its quota (members `get` it;
 * the rules allow no list and no write). Uploads over `limit` are refused by storage.rules.
 */
export const teamStorageUsageRef = (db: Firestore, teamId: string): Doc<TeamStorageUsage> =>
  doc(db, `teams/${teamId}/usage/storage`).withConverter(converter(teamStorageUsageSchema));

// ---- connected accounts (§6) ---------------------------------------------------------------
/** `teams/{teamId}/connectedAccounts`: members read; only functions write; never a token. */
export const connectedAccounts = (db: Firestore, teamId: string): Collection<ConnectedAccount> =>
  typed(db, `teams/${teamId}/connectedAccounts`, connectedAccountSchema);
export const connectedAccountRef = (db: Firestore, teamId: string, accountId: string): Doc<ConnectedAccount> =>
  doc(connectedAccounts(db, teamId), accountId);

// ---- chat (§8) ---------------------------------------------------------------------------
export const channels = (db: Firestore, teamId: string): Collection<Channel> => typed(db, `teams/${teamId}/channels`, channelSchema);
export const channelRef = (db: Firestore, teamId: string, channelId: string): Doc<Channel> => doc(channels(db, teamId), channelId);
export const channelMessages = (db: Firestore, teamId: string, channelId: string): Collection<Message> =>
  typed(db, `teams/${teamId}/channels/${channelId}/messages`, messageSchema);
export const channelTyping = (db: Firestore, teamId: string, channelId: string): Collection<Typing> =>
  typed(db, `teams/${teamId}/channels/${channelId}/typing`, typingSchema);
/** `teams/{teamId}/members/{uid}/reads/{channelId}`: the member's read markers. */
export const readMarkers = (db: Firestore, teamId: string, uid: string): Collection<ReadMarker> =>
  typed(db, `teams/${teamId}/members/${uid}/reads`, readMarkerSchema);
export const readMarkerRef = (db: Firestore, teamId: string, uid: string, channelId: string): Doc<ReadMarker> =>
  doc(readMarkers(db, teamId, uid), channelId);
