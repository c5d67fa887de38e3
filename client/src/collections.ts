/**
 * Typed references to every collection of the contract, with converters that validate reads.
 * Writes are typed too: `addDoc(personas(db, teamId), {...})` must have a persona's fields.
 */
import { collection, doc, type CollectionReference, type DocumentData, type Firestore } from "firebase/firestore";
import type { z } from "zod";
import { aiUsageSchema } from "../../functions/src/models/ai.js";
import { aiConfigSchema } from "../../functions/src/models/aiConfig.js";
import { contentDraftSchema, operatorSchema, personaSchema, scheduledPostSchema } from "../../functions/src/models/campaign.js";
import { channelSchema, messageSchema, readMarkerSchema, typingSchema } from "../../functions/src/models/chat.js";
import { connectedAccountSchema } from "../../functions/src/models/connections.js";
import { userSchema } from "../../functions/src/models/identity.js";
import { invitationSchema } from "../../functions/src/models/invitations.js";
import { libraryAssetSchema } from "../../functions/src/models/library.js";
import { memberSchema, teamSchema } from "../../functions/src/models/teams.js";
import { converter } from "./converter.js";

function typed<T extends DocumentData>(db: Firestore, path: string, schema: z.ZodType<T>): CollectionReference<T, DocumentData> {
  return collection(db, path).withConverter(converter(schema));
}

// ---- identity (§1) ----------------------------------------------------------------------
/** `users` (a user reads only their own profile). */
export const users = (db: Firestore) => typed(db, "users", userSchema);
export const userRef = (db: Firestore, uid: string) => doc(users(db), uid);

// ---- teams and invitations (§2) ------------------------------------------------------------
/** `teams`: list yours with `where('memberIds', 'array-contains', uid)`. */
export const teams = (db: Firestore) => typed(db, "teams", teamSchema);
export const teamRef = (db: Firestore, teamId: string) => doc(teams(db), teamId);
export const members = (db: Firestore, teamId: string) => typed(db, `teams/${teamId}/members`, memberSchema);
export const memberRef = (db: Firestore, teamId: string, uid: string) => doc(members(db, teamId), uid);
/** `invitations`: owner/admin list with `where('teamId', '==', teamId)`. */
export const invitations = (db: Firestore) => typed(db, "invitations", invitationSchema);

// ---- AI configuration and credits (§3, §7) ---------------------------------------------------
export const aiConfigs = (db: Firestore, uid: string) => typed(db, `users/${uid}/aiConfigs`, aiConfigSchema);
/** `users/{uid}/usage/{YYYY-MM}` (UTC month). */
export const aiUsage = (db: Firestore, uid: string) => typed(db, `users/${uid}/usage`, aiUsageSchema);
export const aiUsageRef = (db: Firestore, uid: string, period: string) => doc(aiUsage(db, uid), period);

// ---- campaign (§4) -----------------------------------------------------------------------
export const personas = (db: Firestore, teamId: string) => typed(db, `teams/${teamId}/personas`, personaSchema);
export const operators = (db: Firestore, teamId: string) => typed(db, `teams/${teamId}/operators`, operatorSchema);
export const contentDrafts = (db: Firestore, teamId: string) => typed(db, `teams/${teamId}/contentDrafts`, contentDraftSchema);
export const scheduledPosts = (db: Firestore, teamId: string) => typed(db, `teams/${teamId}/scheduledPosts`, scheduledPostSchema);

// ---- library (§5) ------------------------------------------------------------------------
export const libraryAssets = (db: Firestore, teamId: string) => typed(db, `teams/${teamId}/libraryAssets`, libraryAssetSchema);
export const libraryAssetRef = (db: Firestore, teamId: string, assetId: string) => doc(libraryAssets(db, teamId), assetId);

// ---- connected accounts (§6) ---------------------------------------------------------------
export const connectedAccounts = (db: Firestore, teamId: string) => typed(db, `teams/${teamId}/connectedAccounts`, connectedAccountSchema);

// ---- chat (§8) ---------------------------------------------------------------------------
export const channels = (db: Firestore, teamId: string) => typed(db, `teams/${teamId}/channels`, channelSchema);
export const channelRef = (db: Firestore, teamId: string, channelId: string) => doc(channels(db, teamId), channelId);
export const channelMessages = (db: Firestore, teamId: string, channelId: string) =>
  typed(db, `teams/${teamId}/channels/${channelId}/messages`, messageSchema);
export const channelTyping = (db: Firestore, teamId: string, channelId: string) =>
  typed(db, `teams/${teamId}/channels/${channelId}/typing`, typingSchema);
/** `teams/{teamId}/members/{uid}/reads/{channelId}`: the member's read markers. */
export const readMarkers = (db: Firestore, teamId: string, uid: string) => typed(db, `teams/${teamId}/members/${uid}/reads`, readMarkerSchema);
export const readMarkerRef = (db: Firestore, teamId: string, uid: string, channelId: string) =>
  doc(readMarkers(db, teamId, uid), channelId);
