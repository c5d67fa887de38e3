/**
 * One place per collection: its path and a typed converter built from its model schema.
 * Handlers reach Firestore through these getters and never spell a collection path
 * themselves. The shapes live in `../models/` (one pure module per domain, shared with the
 * frontend's client package); they are re-exported here so handlers import both from one place.
 */
import {
  FieldValue,
  type CollectionReference,
  type DocumentData,
  type DocumentReference,
  type FirestoreDataConverter,
  type QueryDocumentSnapshot,
} from "firebase-admin/firestore";
import type { z } from "zod";
import { aiRequestSchema, aiUsageSchema } from "../models/ai.js";
import { aiConfigSaveWindowSchema, aiConfigSchema } from "../models/aiConfigs.js";
import { countedObjectSchema, libraryAssetSchema, teamStorageUsageSchema, tokenRotationSchema } from "../models/library.js";
import { personaSchema, operatorSchema, contentDraftSchema, scheduledPostSchema } from "../models/campaign.js";
import {
  accountRevocationSchema,
  accountTokenStateSchema,
  connectedAccountSchema,
  connectionStateSchema,
  pendingConnectionSchema,
} from "../models/connections.js";
import { channelSchema, messageSchema, readMarkerSchema, typingSchema } from "../models/chat.js";
import { secretSchema } from "../models/crypto.js";
import { roleLimitsSchema, userDeletionSchema, userReadSchema, userReconcilerStateSchema, type UserProfile } from "../models/identity.js";
import { invitationRateSchema, invitationSchema, invitationTokenSchema } from "../models/invitations.js";
import { mailSchema } from "../models/mail.js";
import { memberSchema, teamSchema, teamSeatsSchema } from "../models/teams.js";
import { db } from "./firebase.js";

export * from "../models/ai.js";
export * from "../models/aiConfigs.js";
export * from "../models/campaign.js";
export * from "../models/chat.js";
export * from "../models/connections.js";
export * from "../models/crypto.js";
export * from "../models/identity.js";
export * from "../models/invitations.js";
export * from "../models/library.js";
export * from "../models/mail.js";
export * from "../models/shared.js";
export * from "../models/teams.js";

/** Builds a converter that validates what it reads against `schema`. */
export function converter<T extends DocumentData>(schema: z.ZodType<T>): FirestoreDataConverter<T> {
  return {
    toFirestore: (data) => data as DocumentData,
    fromFirestore: (snapshot: QueryDocumentSnapshot) => schema.parse(snapshot.data()),
  };
}

function typedCollection<T extends DocumentData>(path: string, schema: z.ZodType<T>): CollectionReference<T> {
  return db().collection(path).withConverter(converter(schema));
}

/** Server timestamp for writes (clients never choose times). */
export const serverNow = () => FieldValue.serverTimestamp();

// ---- identity -------------------------------------------------------------------------

/** Profiles are read with `userReadSchema`: the owner-written fields never make a read fail. */
export const users = () => typedCollection("users", userReadSchema);
export const userRef = (uid: string): DocumentReference<UserProfile> => users().doc(uid);

/** `userDeletions/{uid}` (server only): an account deletion, its pending cleanup steps, then a tombstone. */
export const userDeletions = () => typedCollection("userDeletions", userDeletionSchema);
export const userDeletionRef = (uid: string) => userDeletions().doc(uid);

/** `system/userReconciler` (server only). */
export const userReconcilerStateRef = () => db().doc("system/userReconciler").withConverter(converter(userReconcilerStateSchema));

export const roleLimitsRef = () => db().doc("config/roles").withConverter(converter(roleLimitsSchema));

// ---- teams ----------------------------------------------------------------------------

export const teams = () => typedCollection("teams", teamSchema);
export const teamRef = (teamId: string) => teams().doc(teamId);

export const members = (teamId: string) => typedCollection(`teams/${teamId}/members`, memberSchema);
export const memberRef = (teamId: string, uid: string) => members(teamId).doc(uid);

// ---- chat -----------------------------------------------------------------------------

export const channels = (teamId: string) => typedCollection(`teams/${teamId}/channels`, channelSchema);
export const channelRef = (teamId: string, channelId: string) => channels(teamId).doc(channelId);

export const messages = (teamId: string, channelId: string) =>
  typedCollection(`teams/${teamId}/channels/${channelId}/messages`, messageSchema);

export const typing = (teamId: string, channelId: string) => typedCollection(`teams/${teamId}/channels/${channelId}/typing`, typingSchema);

export const reads = (teamId: string, uid: string) => typedCollection(`teams/${teamId}/members/${uid}/reads`, readMarkerSchema);

/** Storage folder of a channel's attachments: `teams/{teamId}/chat/{channelId}/`. */
export const chatAttachmentPrefix = (teamId: string, channelId?: string) =>
  channelId === undefined ? `teams/${teamId}/chat/` : `teams/${teamId}/chat/${channelId}/`;

// ---- AI provider configuration --------------------------------------------------------

/** `users/{uid}/aiConfigs/{providerId}`: readable by the owner, never holds a key. */
export const aiConfigs = (uid: string) => typedCollection(`users/${uid}/aiConfigs`, aiConfigSchema);

// ---- campaign (written by clients under firestore.rules; read here by other domains) ----

export const personas = (teamId: string) => typedCollection(`teams/${teamId}/personas`, personaSchema);

export const operators = (teamId: string) => typedCollection(`teams/${teamId}/operators`, operatorSchema);

export const contentDrafts = (teamId: string) => typedCollection(`teams/${teamId}/contentDrafts`, contentDraftSchema);

export const scheduledPosts = (teamId: string) => typedCollection(`teams/${teamId}/scheduledPosts`, scheduledPostSchema);
export const scheduledPostRef = (teamId: string, postId: string) => scheduledPosts(teamId).doc(postId);
/** Every team's scheduled posts, for the publishing sweeper. */
export const allScheduledPosts = () => db().collectionGroup("scheduledPosts").withConverter(converter(scheduledPostSchema));
export const contentDraftRef = (teamId: string, draftId: string) => contentDrafts(teamId).doc(draftId);

// ---- library --------------------------------------------------------------------------

/** `teams/{teamId}/libraryAssets/{assetId}`: members read; only functions write. */
export const libraryAssets = (teamId: string) => typedCollection(`teams/${teamId}/libraryAssets`, libraryAssetSchema);
export const libraryAssetRef = (teamId: string, assetId: string) => libraryAssets(teamId).doc(assetId);

/** `teams/{teamId}/usage/storage`: the team's Storage byte counter and quota; members read, clients never write. */
export const teamStorageUsageRef = (teamId: string) =>
  db().doc(`teams/${teamId}/usage/storage`).withConverter(converter(teamStorageUsageSchema));

/** `teams/{teamId}/storageObjects/{sha256(objectName)}` (server only). */
export const countedObjectRef = (teamId: string, id: string) =>
  typedCollection(`teams/${teamId}/storageObjects`, countedObjectSchema).doc(id);

/** `teams/{teamId}/tokenRotations/{jobId}` (server only). */
export const tokenRotationRef = (teamId: string, jobId: string) =>
  typedCollection(`teams/${teamId}/tokenRotations`, tokenRotationSchema).doc(jobId);

// ---- crypto (encrypted secrets) -------------------------------------------------------

/**
 * `secrets/{uid:purpose:provider}`: envelope-encrypted API keys and OAuth tokens. No client rule
 * reaches this collection; only functions read and write it.
 */
export const secrets = () => typedCollection("secrets", secretSchema);

// ---- teams: seats, invitations, invitation tokens, invitation rate limit ----------------

export const teamSeatsRef = (teamId: string) => db().doc(`teams/${teamId}/private/seats`).withConverter(converter(teamSeatsSchema));

/** `invitations/{invitationId}`: owner/admin of the team read; only functions write. */
export const invitations = () => typedCollection("invitations", invitationSchema);
export const invitationRef = (invitationId: string) => invitations().doc(invitationId);

export const invitationTokens = () => typedCollection("invitationTokens", invitationTokenSchema);
export const invitationTokenRef = (tokenHash: string) => invitationTokens().doc(tokenHash);

export const invitationRateRef = (uid: string) =>
  db().doc(`users/${uid}/rateLimits/invitations`).withConverter(converter(invitationRateSchema));

/**
 * `mailRecipients/{sha256(email) hex}`: when invitation emails were last sent to an address,
 * by anyone (server only; the address itself is not stored).
 */
export const mailRecipientRateRef = (emailHash: string) =>
  db().doc(`mailRecipients/${emailHash}`).withConverter(converter(invitationRateSchema));

// ---- mail outbox ----------------------------------------------------------------------

export const mail = () => typedCollection("mail", mailSchema);

// ---- AI proxy and credits --------------------------------------------------------------

export const aiUsage = (uid: string) => typedCollection(`users/${uid}/usage`, aiUsageSchema);
export const aiUsageRef = (uid: string, period: string) => aiUsage(uid).doc(period);
/**
 * Every user's usage documents, for the reservation sweeper (by `sweepKey`). Untyped: the
 * sweeper parses each document on its own, so one malformed document blocks nothing.
 */
export const allAiUsage = () => db().collectionGroup("usage");

export const aiRequests = (uid: string) => typedCollection(`users/${uid}/aiRequests`, aiRequestSchema);
export const aiConfigSaveWindowRef = (uid: string) =>
  db().doc(`users/${uid}/aiState/configSaves`).withConverter(converter(aiConfigSaveWindowSchema));

// ---- connected social accounts (CONTRACT §6, docs/connections.md) ----------------------

/**
 * `teams/{teamId}/connectedAccounts/{accountId}`: members read; only functions write; never a
 * token in any form. The id is derived from the platform and the platform account id
 * (connections/ids.ts), so one platform account has one document per team.
 */
export const connectedAccounts = (teamId: string) => typedCollection(`teams/${teamId}/connectedAccounts`, connectedAccountSchema);
export const connectedAccountRef = (teamId: string, accountId: string) => connectedAccounts(teamId).doc(accountId);

/** `accountTokenStates/{teamId}:{accountId}` (server only). */
export const accountTokenStates = () => typedCollection("accountTokenStates", accountTokenStateSchema);
export const accountTokenStateRef = (teamId: string, accountId: string) =>
  accountTokenStates().doc(`${encodeURIComponent(teamId)}:${encodeURIComponent(accountId)}`);

/** `connectionStates/{sha256(state)}` (server only). */
export const connectionStates = () => typedCollection("connectionStates", connectionStateSchema);

/** `pendingConnections/{pendingId}` (server only). */
export const pendingConnections = () => typedCollection("pendingConnections", pendingConnectionSchema);

/** `accountRevocations/{teamId:accountId}` (server only). */
export const accountRevocations = () => typedCollection("accountRevocations", accountRevocationSchema);
