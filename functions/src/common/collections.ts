/**
 * One place per collection: its path, its zod schema and a typed converter. Handlers reach
 * Firestore through these getters and never spell a collection path themselves.
 */
import {
  FieldValue,
  Timestamp,
  type CollectionReference,
  type DocumentData,
  type DocumentReference,
  type FirestoreDataConverter,
  type QueryDocumentSnapshot,
} from "firebase-admin/firestore";
import { z } from "zod";
import { db } from "./firebase.js";

/** A stored timestamp; on write, `FieldValue.serverTimestamp()` is accepted too. */
export const timestamp = z.instanceof(Timestamp);

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

export const planRoles = ["free", "pro", "admin"] as const;
export type PlanRole = (typeof planRoles)[number];

/**
 * `users/{uid}` as the rules keep it: the owner writes `name` (1–100 characters) and
 * `walletAddress` (null or up to 128 characters; present, never deleted), the server the rest.
 */
export const userSchema = z.object({
  name: z.string(),
  email: z.string().nullable(),
  walletAddress: z.string().nullable(),
  role: z.enum(planRoles),
  teamIds: z.array(z.string()),
  defaultTeamId: z.string().nullable(),
  activeAiProvider: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type UserProfile = z.infer<typeof userSchema>;

/** The name a profile shows when it has no usable one. */
export const FALLBACK_USER_NAME = "PixaSocial user";

/**
 * How the server reads a profile: the fields its owner writes never make a read fail, so a
 * value stored under older rules (e.g. a `walletAddress` removed with `deleteField()`) cannot
 * break the server paths that read the profile (removing the member, deleting the account).
 * Server-written fields stay strict.
 */
export const userReadSchema = userSchema.extend({
  name: userSchema.shape.name.catch(FALLBACK_USER_NAME),
  walletAddress: userSchema.shape.walletAddress.catch(null),
});

export const users = () => typedCollection("users", userReadSchema);
export const userRef = (uid: string): DocumentReference<UserProfile> => users().doc(uid);

/**
 * `userDeletions/{uid}` (server only): an account deletion and its cleanup steps still to run.
 * Written before any step runs, so that a failed step is retried by the reconciler whatever
 * happens to the delete trigger; it stays as a tombstone (so that nothing recreates the
 * profile of a deleted user) until `expiresAt` (Firestore TTL).
 */
export const userDeletionSchema = z.object({
  teamIds: z.array(z.string()),
  pendingSteps: z.array(z.string()),
  /** Runs of the pending steps so far (trigger attempts and reconciler retries). */
  attempts: z.number().int().nonnegative(),
  /** Present while steps are pending: the reconciler retries deletions whose retryAt has passed. */
  retryAt: timestamp.optional(),
  lastError: z.object({ step: z.string(), message: z.string() }).optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  completedAt: timestamp.optional(),
  expiresAt: timestamp.optional(),
});
export type UserDeletion = z.infer<typeof userDeletionSchema>;
export const userDeletions = () => typedCollection("userDeletions", userDeletionSchema);
export const userDeletionRef = (uid: string) => userDeletions().doc(uid);

/** `system/userReconciler` (server only): where the reconciler's scan of profiles goes on next run. */
export const userReconcilerStateSchema = z.object({ cursor: z.string().nullable(), updatedAt: timestamp });
export const userReconcilerStateRef = () =>
  db().doc("system/userReconciler").withConverter(converter(userReconcilerStateSchema));

/** `config/roles`: the monthly AI limit of each plan role; `null` means unlimited. */
export const roleLimitsSchema = z.record(
  z.string(),
  z.object({ maxAiUsesMonthly: z.number().int().nonnegative().nullable() }),
);
export type RoleLimits = z.infer<typeof roleLimitsSchema>;
export const roleLimitsRef = () => db().doc("config/roles").withConverter(converter(roleLimitsSchema));

// ---- teams ----------------------------------------------------------------------------

export const teamRoles = ["owner", "admin", "member"] as const;
export type TeamRole = (typeof teamRoles)[number];

export const teamSchema = z.object({
  name: z.string(),
  ownerId: z.string(),
  memberIds: z.array(z.string()),
  createdAt: timestamp,
  /**
   * Set, in the transaction that decides it, when the team is going to be deleted (its owner's
   * account was deleted and nobody else is in it): from then on nobody joins or is invited.
   */
  deletingAt: timestamp.optional(),
});
export type Team = z.infer<typeof teamSchema>;
export const teams = () => typedCollection("teams", teamSchema);
export const teamRef = (teamId: string) => teams().doc(teamId);

export const memberSchema = z.object({
  role: z.enum(teamRoles),
  name: z.string(),
  email: z.string().nullable(),
  joinedAt: timestamp,
});
export type Member = z.infer<typeof memberSchema>;
export const members = (teamId: string) => typedCollection(`teams/${teamId}/members`, memberSchema);
export const memberRef = (teamId: string, uid: string) => members(teamId).doc(uid);

// ---- chat -----------------------------------------------------------------------------

/**
 * A channel never changes after create: the message, typing and read-marker rules read it, and
 * every change to a document the rules read makes each open listener pay its rule reads again.
 * Last activity is derived from the messages instead (docs/chat.md).
 */
export const channelSchema = z.object({
  name: z.string(),
  isDirectMessage: z.boolean(),
  memberIds: z.array(z.string()),
  createdBy: z.string(),
  createdAt: timestamp,
});
export type Channel = z.infer<typeof channelSchema>;
export const channels = (teamId: string) => typedCollection(`teams/${teamId}/channels`, channelSchema);
export const channelRef = (teamId: string, channelId: string) => channels(teamId).doc(channelId);

export const attachmentSchema = z.object({
  storagePath: z.string(),
  fileName: z.string(),
  fileType: z.string(),
  size: z.number(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** `.../channels/{channelId}/messages/{id}`: written by clients under the rules. */
export const messageSchema = z.object({
  senderId: z.string(),
  senderName: z.string(),
  text: z.string().optional(),
  attachment: attachmentSchema.optional(),
  createdAt: timestamp,
});
export type Message = z.infer<typeof messageSchema>;
export const messages = (teamId: string, channelId: string) =>
  typedCollection(`teams/${teamId}/channels/${channelId}/messages`, messageSchema);

/** `.../channels/{channelId}/typing/{uid}`: one per typing user, stale once `expiresAt` passed. */
export const typingSchema = z.object({ userName: z.string(), expiresAt: timestamp });
export type Typing = z.infer<typeof typingSchema>;
export const typing = (teamId: string, channelId: string) =>
  typedCollection(`teams/${teamId}/channels/${channelId}/typing`, typingSchema);

/** `teams/{teamId}/members/{uid}/reads/{channelId}`: the member's read marker of a channel. */
export const readMarkerSchema = z.object({ lastReadAt: timestamp });
export type ReadMarker = z.infer<typeof readMarkerSchema>;
export const reads = (teamId: string, uid: string) => typedCollection(`teams/${teamId}/members/${uid}/reads`, readMarkerSchema);

/** Storage folder of a channel's attachments: `teams/{teamId}/chat/{channelId}/`. */
export const chatAttachmentPrefix = (teamId: string, channelId?: string) =>
  channelId === undefined ? `teams/${teamId}/chat/` : `teams/${teamId}/chat/${channelId}/`;

// ---- AI provider configuration --------------------------------------------------------

export const aiConfigSchema = z.object({
  providerId: z.string(),
  isEnabled: z.boolean(),
  models: z.object({ text: z.array(z.string()), image: z.array(z.string()), chat: z.array(z.string()) }),
  baseURL: z.string().nullable().optional(),
  hasApiKey: z.boolean(),
  updatedAt: timestamp,
});
export type AiConfig = z.infer<typeof aiConfigSchema>;
/** `users/{uid}/aiConfigs/{providerId}`: readable by the owner, never holds a key. */
export const aiConfigs = (uid: string) => typedCollection(`users/${uid}/aiConfigs`, aiConfigSchema);

// ---- campaign (written by clients under firestore.rules; read here by other domains) ----

/** Platform keys of `platformContents` and `scheduledPosts.platform` (docs/campaign.md). */
export const campaignPlatforms = ["Facebook", "Instagram", "X", "LinkedIn", "TikTok", "YouTube", "Pinterest", "Threads"] as const;
export type CampaignPlatform = (typeof campaignPlatforms)[number];

export const rstLevels = ["Not Assessed", "Low", "Medium", "High"] as const;

const campaignMeta = { createdBy: z.string(), createdAt: timestamp, updatedAt: timestamp };
const optionalText = z.string().optional();

export const personaSchema = z.object({
  name: z.string(),
  demographics: z.string(),
  psychographics: z.string(),
  initialBeliefs: z.string(),
  vulnerabilities: z.array(z.string()),
  avatarUrl: optionalText,
  rstProfile: z.object({ bas: z.enum(rstLevels), bis: z.enum(rstLevels), fffs: z.enum(rstLevels) }),
  ...campaignMeta,
});
export type Persona = z.infer<typeof personaSchema>;
export const personas = (teamId: string) => typedCollection(`teams/${teamId}/personas`, personaSchema);

export const operatorSchema = z.object({
  name: z.string(),
  type: z.string(),
  description: optionalText,
  targetPersonaId: optionalText,
  conditionedStimulus: optionalText,
  unconditionedStimulus: optionalText,
  desiredConditionedResponse: optionalText,
  reinforcementType: optionalText,
  ...campaignMeta,
});
export type Operator = z.infer<typeof operatorSchema>;
export const operators = (teamId: string) => typedCollection(`teams/${teamId}/operators`, operatorSchema);

export const platformContentDetailSchema = z.object({
  content: optionalText,
  hashtags: z.array(z.string()).optional(),
  mediaType: z.enum(["none", "image", "video"]).optional(),
  subject: optionalText,
  imageSourceType: z.enum(["generate", "upload", "library"]).optional(),
  imagePrompt: optionalText,
  uploadedImageStoragePath: optionalText,
  libraryAssetId: optionalText,
  memeText: optionalText,
  processedImageStoragePath: optionalText,
  videoIdea: optionalText,
});
export type PlatformContentDetail = z.infer<typeof platformContentDetailSchema>;

export const contentDraftSchema = z.object({
  title: optionalText,
  personaId: optionalText,
  operatorId: optionalText,
  keyMessage: optionalText,
  platformContents: z.partialRecord(z.enum(campaignPlatforms), platformContentDetailSchema),
  ...campaignMeta,
});
export type ContentDraft = z.infer<typeof contentDraftSchema>;
export const contentDrafts = (teamId: string) => typedCollection(`teams/${teamId}/contentDrafts`, contentDraftSchema);

export const scheduledPostStatuses = ["scheduled", "publishing", "published", "failed", "cancelled"] as const;
export type ScheduledPostStatus = (typeof scheduledPostStatuses)[number];

/** Why a post failed (CONTRACT §6, "Publishing"). */
export const publishFailureReasons = ["no-account", "needs-reauth", "content-invalid", "rate-limited", "platform-error", "unknown-outcome"] as const;
export type PublishFailureReason = (typeof publishFailureReasons)[number];
export const publishFailureSchema = z.object({
  reason: z.enum(publishFailureReasons),
  message: z.string(),
  retryable: z.boolean(),
});
export type PublishFailure = z.infer<typeof publishFailureSchema>;

/** Who holds a `publishing` post, until when (docs/publishing.md, "Claim and lease"). */
export const publishLeaseSchema = z.object({ id: z.string(), expiresAt: timestamp, by: z.string() });
export type PublishLease = z.infer<typeof publishLeaseSchema>;

export const scheduledPostSchema = z.object({
  contentDraftId: optionalText,
  platform: z.enum(campaignPlatforms),
  connectedAccountId: optionalText,
  content: optionalText,
  scheduledAt: timestamp,
  timezone: z.string(),
  status: z.enum(scheduledPostStatuses),
  ...campaignMeta,
  // Server-only fields, written by the publisher (functions/src/posts/).
  publishedAt: timestamp.optional(),
  platformPostId: optionalText,
  permalink: optionalText,
  failure: publishFailureSchema.optional(),
  lease: publishLeaseSchema.optional(),
  /** Not before this time: the platform answered 429 and said when to come back. */
  retryAt: timestamp.optional(),
  /** How many times the platform answered 429 for this post since it was last scheduled. */
  rateLimitedAttempts: z.number().int().nonnegative().optional(),
});
export type ScheduledPost = z.infer<typeof scheduledPostSchema>;
export const scheduledPosts = (teamId: string) => typedCollection(`teams/${teamId}/scheduledPosts`, scheduledPostSchema);
export const scheduledPostRef = (teamId: string, postId: string) => scheduledPosts(teamId).doc(postId);
/** Every team's scheduled posts, for the publishing sweeper. */
export const allScheduledPosts = () => db().collectionGroup("scheduledPosts").withConverter(converter(scheduledPostSchema));
export const contentDraftRef = (teamId: string, draftId: string) => contentDrafts(teamId).doc(draftId);

// ---- library --------------------------------------------------------------------------

export const libraryAssetTypes = ["image", "video"] as const;
export type LibraryAssetType = (typeof libraryAssetTypes)[number];

export const libraryAssetSchema = z.object({
  name: z.string(),
  type: z.enum(libraryAssetTypes),
  storagePath: z.string(),
  fileName: z.string(),
  fileType: z.string(),
  size: z.number().int().nonnegative(),
  uploadedBy: z.string().nullable(),
  uploadedAt: timestamp,
});
export type LibraryAsset = z.infer<typeof libraryAssetSchema>;
/** `teams/{teamId}/libraryAssets/{assetId}`: members read; only functions write. */
export const libraryAssets = (teamId: string) => typedCollection(`teams/${teamId}/libraryAssets`, libraryAssetSchema);
export const libraryAssetRef = (teamId: string, assetId: string) => libraryAssets(teamId).doc(assetId);

/**
 * `teams/{teamId}/usage/storage`: the bytes the team's files take in Storage (library files and
 * chat attachments) and the quota they count against. Kept by the library's Storage triggers,
 * read by `storage.rules` to refuse uploads over the quota; members read it, clients never write.
 */
export const teamStorageUsageSchema = z.object({
  bytes: z.number().int().nonnegative(),
  limit: z.number().int().nonnegative(),
  updatedAt: timestamp,
});
export type TeamStorageUsage = z.infer<typeof teamStorageUsageSchema>;
export const teamStorageUsageRef = (teamId: string) =>
  db().doc(`teams/${teamId}/usage/storage`).withConverter(converter(teamStorageUsageSchema));

/**
 * `teams/{teamId}/storageObjects/{sha256(objectName)}`: which generation of a team file is in
 * the byte counter, and with what size (server only). It makes counting idempotent: a retried or
 * duplicated Storage event finds its generation already counted or already released.
 */
export const countedObjectSchema = z.object({
  name: z.string(),
  generation: z.string(),
  size: z.number().int().nonnegative(),
  countedAt: timestamp,
});
export type CountedObject = z.infer<typeof countedObjectSchema>;
export const countedObjectRef = (teamId: string, id: string) =>
  typedCollection(`teams/${teamId}/storageObjects`, countedObjectSchema).doc(id);

/**
 * `teams/{teamId}/tokenRotations/{jobId}`: a background job that gives every file a removed
 * member could read a new download token, one page of files per step (server only).
 * `prefixes[prefixIndex]` with `pageToken` is where the next page starts.
 */
export const tokenRotationSchema = z.object({
  removedUid: z.string(),
  prefixes: z.array(z.string()),
  prefixIndex: z.number().int().nonnegative(),
  pageToken: z.string().nullable(),
  step: z.number().int().nonnegative(),
  filesRotated: z.number().int().nonnegative(),
  status: z.enum(["running", "done"]),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type TokenRotation = z.infer<typeof tokenRotationSchema>;
export const tokenRotationRef = (teamId: string, jobId: string) =>
  typedCollection(`teams/${teamId}/tokenRotations`, tokenRotationSchema).doc(jobId);

// ---- crypto (encrypted secrets) -------------------------------------------------------

/** What a secret is for; bound into its ciphertext. */
export const secretPurposes = ["aiApiKey", "oauthTokens"] as const;
export type SecretPurpose = (typeof secretPurposes)[number];

export const secretSchema = z.object({
  uid: z.string(),
  purpose: z.enum(secretPurposes),
  provider: z.string(),
  format: z.literal(1),
  algorithm: z.literal("AES-256-GCM"),
  keyBackend: z.enum(["kms", "local"]),
  keyVersion: z.string(),
  wrappedDataKey: z.string(),
  iv: z.string(),
  authTag: z.string(),
  ciphertext: z.string(),
  updatedAt: timestamp,
});
export type StoredSecret = z.infer<typeof secretSchema>;
/**
 * `secrets/{uid:purpose:provider}`: envelope-encrypted API keys and OAuth tokens. No client rule
 * reaches this collection; only functions read and write it.
 */
export const secrets = () => typedCollection("secrets", secretSchema);

// ---- teams: seats, invitations, invitation tokens, invitation rate limit ----------------

/**
 * `teams/{teamId}/private/seats`: never read by clients. Every transaction that takes a seat
 * (invite, accept) reads and writes this document, so that concurrent seat changes of one
 * team serialize even when they touch no other shared document.
 */
export const teamSeatsSchema = z.object({ changedAt: timestamp });
export const teamSeatsRef = (teamId: string) =>
  db().doc(`teams/${teamId}/private/seats`).withConverter(converter(teamSeatsSchema));

export const invitationStatuses = ["pending", "accepted", "declined", "expired", "revoked"] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

export const invitationSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  email: z.string(),
  status: z.enum(invitationStatuses),
  invitedBy: z.string(),
  invitedByName: z.string(),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export type Invitation = z.infer<typeof invitationSchema>;
/** `invitations/{invitationId}`: owner/admin of the team read; only functions write. */
export const invitations = () => typedCollection("invitations", invitationSchema);
export const invitationRef = (invitationId: string) => invitations().doc(invitationId);

/**
 * `invitationTokens/{sha256(token)}`: finds an invitation from its token. The token itself is
 * stored nowhere; no client can read this collection.
 */
export const invitationTokenSchema = z.object({ invitationId: z.string(), teamId: z.string(), createdAt: timestamp });
export type InvitationToken = z.infer<typeof invitationTokenSchema>;
export const invitationTokens = () => typedCollection("invitationTokens", invitationTokenSchema);
export const invitationTokenRef = (tokenHash: string) => invitationTokens().doc(tokenHash);

/** `users/{uid}/rateLimits/invitations`: when the user's recent invitations were sent. */
export const invitationRateSchema = z.object({ sentAt: z.array(timestamp) });
export type InvitationRate = z.infer<typeof invitationRateSchema>;
export const invitationRateRef = (uid: string) =>
  db().doc(`users/${uid}/rateLimits/invitations`).withConverter(converter(invitationRateSchema));

/**
 * `mailRecipients/{sha256(email) hex}`: when invitation emails were last sent to an address,
 * by anyone (server only; the address itself is not stored).
 */
export const mailRecipientRateRef = (emailHash: string) =>
  db().doc(`mailRecipients/${emailHash}`).withConverter(converter(invitationRateSchema));

// ---- mail outbox ----------------------------------------------------------------------

/** `mail/{id}` in the format of the "Trigger Email from Firestore" extension; no client access. */
export const mailSchema = z.object({
  to: z.string(),
  message: z.object({ subject: z.string(), text: z.string(), html: z.string() }),
});
export type Mail = z.infer<typeof mailSchema>;
export const mail = () => typedCollection("mail", mailSchema);

// ---- AI proxy and credits --------------------------------------------------------------

/** `users/{uid}/usage/{YYYY-MM}`: the month's AI credits; the owner reads, only functions write. */
export const aiUsageSchema = z.object({
  used: z.number().int().nonnegative(),
  /** `null` = unlimited (the `admin` plan role by default). */
  limit: z.number().int().nonnegative().nullable(),
  period: z.string(),
  updatedAt: timestamp.optional(),
});
export type AiUsage = z.infer<typeof aiUsageSchema>;
export const aiUsage = (uid: string) => typedCollection(`users/${uid}/usage`, aiUsageSchema);
export const aiUsageRef = (uid: string, period: string) => aiUsage(uid).doc(period);

export const aiRequestStatuses = ["reserved", "settled", "released"] as const;
export type AiRequestStatus = (typeof aiRequestStatuses)[number];

/**
 * `users/{uid}/aiRequests/{requestId}`: one AI call's credit reservation (server only). Its id
 * is the client's `requestId` (or an auto-id), which makes retries idempotent.
 */
export const aiRequestSchema = z.object({
  operation: z.string(),
  inputHash: z.string(),
  status: z.enum(aiRequestStatuses),
  cost: z.number().int().nonnegative(),
  period: z.string(),
  /** Which attempt holds the reservation; a settle or release from another attempt is ignored. */
  leaseId: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** For a Firestore TTL policy: settled and released requests are not kept forever. */
  expiresAt: timestamp,
  /** The settled response, kept (when small) so that a retry gets it again for free. */
  result: z.unknown().optional(),
  /** A charged failure (the provider did the work, e.g. JSON that never validated): a retry gets this error again. */
  failure: z.object({ code: z.enum(["internal", "unavailable"]), message: z.string(), reason: z.string() }).optional(),
  /** Firestore round trips the successful call needed (diagnostics for the benchmark). */
  firestoreRoundTrips: z.number().int().optional(),
});
export type AiRequest = z.infer<typeof aiRequestSchema>;
export const aiRequests = (uid: string) => typedCollection(`users/${uid}/aiRequests`, aiRequestSchema);
/** Every user's AI requests, for the reservation sweeper. */
export const allAiRequests = () => db().collectionGroup("aiRequests").withConverter(converter(aiRequestSchema));

/**
 * `users/{uid}/aiState/rateWindow` (server only): the per-minute AI call counter, and the calls
 * running now (`inFlight`: requestId → reservation time in ms) for the concurrency cap.
 */
export const aiRateWindowSchema = z.object({
  minute: z.string(),
  count: z.number().int().nonnegative(),
  inFlight: z.record(z.string(), z.number()).optional(),
});
export const aiRateWindowRef = (uid: string) =>
  db().doc(`users/${uid}/aiState/rateWindow`).withConverter(converter(aiRateWindowSchema));

/** `users/{uid}/aiState/configSaves` (server only): `aiConfigs-save` weight used in the current UTC hour. */
export const aiConfigSaveWindowSchema = z.object({ hour: z.string(), count: z.number().int().nonnegative() });
export const aiConfigSaveWindowRef = (uid: string) =>
  db().doc(`users/${uid}/aiState/configSaves`).withConverter(converter(aiConfigSaveWindowSchema));

// ---- connected social accounts (CONTRACT §6, docs/connections.md) ----------------------

export const connectedAccountKinds = ["profile", "page", "organization"] as const;
export type ConnectedAccountKind = (typeof connectedAccountKinds)[number];

export const accountHealths = ["ok", "expiring", "needs_reauth", "error"] as const;
export type AccountHealth = (typeof accountHealths)[number];

export const connectedAccountSchema = z.object({
  platform: z.enum(campaignPlatforms),
  platformAccountId: z.string(),
  kind: z.enum(connectedAccountKinds),
  displayName: z.string(),
  profileImageUrl: z.string().nullable(),
  scopes: z.array(z.string()),
  connectedBy: z.string(),
  connectedAt: timestamp,
  /** When the access token expires; absent for tokens that do not expire (Facebook Pages). */
  expiresAt: timestamp.nullable().optional(),
  health: z.enum(accountHealths),
  healthReason: z.string().optional(),
  lastRefreshedAt: timestamp.optional(),
});
export type ConnectedAccount = z.infer<typeof connectedAccountSchema>;
/**
 * `teams/{teamId}/connectedAccounts/{accountId}`: members read; only functions write; never a
 * token in any form. The id is derived from the platform and the platform account id
 * (connections/ids.ts), so one platform account has one document per team.
 */
export const connectedAccounts = (teamId: string) => typedCollection(`teams/${teamId}/connectedAccounts`, connectedAccountSchema);
export const connectedAccountRef = (teamId: string, accountId: string) => connectedAccounts(teamId).doc(accountId);

/**
 * `accountTokenStates/{teamId}:{accountId}` (server only): when an account's tokens are next due
 * for refresh, the refresh lease, and the failure count behind `health: error`. Kept apart from
 * the account so that members never see it and the sweep queries one collection.
 */
export const accountTokenStateSchema = z.object({
  teamId: z.string(),
  accountId: z.string(),
  platform: z.enum(campaignPlatforms),
  connectedBy: z.string(),
  /** Null when nothing is left to refresh (Facebook Pages, or an account that needs reauth). */
  refreshDueAt: timestamp.nullable(),
  leaseId: z.string().nullable(),
  leaseUntil: timestamp.nullable(),
  failures: z.number().int().nonnegative(),
  /** The connector was mailed about this `needs_reauth` episode; reset when the account recovers. */
  reauthMailed: z.boolean(),
  updatedAt: timestamp,
});
export type AccountTokenState = z.infer<typeof accountTokenStateSchema>;
export const accountTokenStates = () => typedCollection("accountTokenStates", accountTokenStateSchema);
export const accountTokenStateRef = (teamId: string, accountId: string) =>
  accountTokenStates().doc(`${encodeURIComponent(teamId)}:${encodeURIComponent(accountId)}`);

/**
 * `connectionStates/{sha256(state)}` (server only): one OAuth authorization in flight, bound to
 * the member, team, platform and PKCE verifier; deleted by the callback that uses it.
 */
export const connectionStateSchema = z.object({
  uid: z.string(),
  teamId: z.string(),
  platform: z.enum(campaignPlatforms),
  codeVerifier: z.string().nullable(),
  redirectUri: z.string(),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export type ConnectionState = z.infer<typeof connectionStateSchema>;
export const connectionStates = () => typedCollection("connectionStates", connectionStateSchema);

export const connectionTargetSchema = z.object({
  targetId: z.string(),
  kind: z.enum(connectedAccountKinds),
  displayName: z.string(),
  profileImageUrl: z.string().nullable(),
});
export type ConnectionTarget = z.infer<typeof connectionTargetSchema>;

/**
 * `pendingConnections/{pendingId}` (server only): a grant the callback obtained, sealed with the
 * crypto envelope, waiting for `connections-complete` by the member who started the flow.
 */
export const pendingConnectionSchema = z.object({
  uid: z.string(),
  teamId: z.string(),
  platform: z.enum(campaignPlatforms),
  targets: z.array(connectionTargetSchema),
  grant: z.object({
    format: z.literal(1),
    algorithm: z.literal("AES-256-GCM"),
    keyBackend: z.enum(["kms", "local"]),
    keyVersion: z.string(),
    wrappedDataKey: z.string(),
    iv: z.string(),
    authTag: z.string(),
    ciphertext: z.string(),
  }),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export type PendingConnection = z.infer<typeof pendingConnectionSchema>;
export const pendingConnections = () => typedCollection("pendingConnections", pendingConnectionSchema);

/**
 * `accountRevocations/{teamId:accountId}` (server only): an account removed by a cleanup (member
 * left, user or team deleted) whose grant is still to be revoked at the platform. The account
 * document is already gone; a connections trigger revokes with the sealed tokens, then deletes
 * them and this document.
 */
export const accountRevocationSchema = z.object({
  teamId: z.string(),
  accountId: z.string(),
  platform: z.enum(campaignPlatforms),
  reason: z.string(),
  createdAt: timestamp,
});
export type AccountRevocation = z.infer<typeof accountRevocationSchema>;
export const accountRevocations = () => typedCollection("accountRevocations", accountRevocationSchema);
