/**
 * Every secret and configuration param of the backend, in one place. Attach a secret to the
 * functions that need it through their options (`secrets: [geminiApiKey]`).
 */
import { defineBoolean, defineInt, defineSecret, defineString } from "firebase-functions/params";

export const region = defineString("REGION", {
  default: "us-central1",
  description: "Region every function is deployed to.",
});

export const enforceAppCheck = defineBoolean("ENFORCE_APP_CHECK", {
  default: false,
  description: "Refuse callable requests without a valid App Check token (keep false in the emulator).",
});

export const appUrl = defineString("APP_URL", {
  default: "http://localhost:5173",
  description: "Public URL of the PixaSocial web app, used in invitation links and OAuth redirects.",
});

export const invitationTtlDays = defineInt("INVITATION_TTL_DAYS", {
  default: 7,
  description: "Days after which a team invitation expires.",
});

export const kmsKeyName = defineString("KMS_KEY_NAME", {
  default: "",
  description:
    "Cloud KMS key that wraps data keys: projects/P/locations/L/keyRings/R/cryptoKeys/K. Empty in the emulator, where the LOCAL_ENCRYPTION_KEY of functions/.env.local stands in.",
});

export const geminiApiKey = defineSecret("GEMINI_API_KEY");
export const openaiApiKey = defineSecret("OPENAI_API_KEY");

export const maxInvitationsPerHour = defineInt("MAX_INVITATIONS_PER_HOUR", {
  default: 20,
  description: "Team invitations one user may send in any hour; more are refused with resource-exhausted.",
});

export const maxInvitationMailsPerRecipientPerDay = defineInt("MAX_INVITATION_MAILS_PER_RECIPIENT_PER_DAY", {
  default: 5,
  description:
    "Invitation emails one address may receive in any 24 hours, from all inviters and teams together; more invitations to it are refused with resource-exhausted.",
});

export const maxTeamsPerUser = defineInt("MAX_TEAMS_PER_USER", {
  default: 20,
  description:
    "Teams one user may belong to (owned ones included); teams-create and invitations-accept refuse more with failed-precondition.",
});

export const maxOwnedTeamsPerUser = defineInt("MAX_OWNED_TEAMS_PER_USER", {
  default: 10,
  description: "Teams one user may own; teams-create and teams-transferOwnership refuse more with failed-precondition.",
});

export const aiRateLimitPerMinute = defineInt("AI_RATE_LIMIT_PER_MINUTE", {
  default: 30,
  description: "AI calls one user may start per minute (ai-* callables); more get resource-exhausted.",
});

export const teamStorageQuotaMib = defineInt("TEAM_STORAGE_QUOTA_MIB", {
  default: 1024,
  description:
    "Storage quota of one team in MiB (library files and chat attachments together); uploads over it are refused by storage.rules and removed by the finalize trigger.",
});

export const aiCallTimeoutSeconds = defineInt("AI_CALL_TIMEOUT_SECONDS", {
  default: 100,
  description:
    "Seconds one AI call (ai-* except ai-streamText) may run, provider included; at most 110, below the callables' 120 s timeout and the reservation sweeper's 6-minute cutoff.",
});

export const aiStreamTimeoutSeconds = defineInt("AI_STREAM_TIMEOUT_SECONDS", {
  default: 240,
  description: "Seconds one ai-streamText call may run in total; at most 280, below its 300 s function timeout and the sweeper's cutoff.",
});

export const aiStreamIdleTimeoutSeconds = defineInt("AI_STREAM_IDLE_TIMEOUT_SECONDS", {
  default: 30,
  description: "Seconds a provider's stream may send no text (before the first token or between two) before the call is aborted.",
});

export const maxConcurrentAiCalls = defineInt("MAX_CONCURRENT_AI_CALLS", {
  default: 3,
  description: "AI calls one user may have running at once; one more gets resource-exhausted (reason ai-too-many-in-flight).",
});

export const aiInputCharsPerCredit = defineInt("AI_INPUT_CHARS_PER_CREDIT", {
  default: 10_000,
  description:
    "On the platform's keys, each started block of this many input characters costs one credit (per image for ai-generateImage).",
});

export const aiPlatformMaxOutputTokens = defineInt("AI_PLATFORM_MAX_OUTPUT_TOKENS", {
  default: 8_192,
  description: "Most output tokens a text or JSON answer may have on the platform's keys (the user's own key is not capped).",
});

export const aiConfigKeySavesPerHour = defineInt("AI_CONFIG_KEY_SAVES_PER_HOUR", {
  default: 20,
  description:
    "aiConfigs-save calls one user may make per hour, each counting max(1, API keys in it) since every key is one Cloud KMS Encrypt.",
});

// ---- connected social accounts (docs/connections.md) -----------------------------------
// One OAuth app per platform: the client id is configuration, the client secret a Secret
// Manager secret attached only to the connections functions that talk to the platform.

const clientId = (name: string, platform: string) =>
  defineString(name, {
    default: "",
    description: `OAuth client id of PixaSocial's ${platform} app (empty: ${platform} cannot be connected).`,
  });
const clientSecret = (name: string) => defineSecret(name);

export const platformClientIds = {
  Facebook: clientId("FACEBOOK_CLIENT_ID", "Facebook (Meta app id)"),
  Instagram: clientId("INSTAGRAM_CLIENT_ID", "Instagram (Instagram app id)"),
  X: clientId("X_CLIENT_ID", "X"),
  LinkedIn: clientId("LINKEDIN_CLIENT_ID", "LinkedIn"),
  TikTok: clientId("TIKTOK_CLIENT_KEY", "TikTok (client key)"),
  YouTube: clientId("YOUTUBE_CLIENT_ID", "YouTube (Google OAuth client)"),
  Pinterest: clientId("PINTEREST_CLIENT_ID", "Pinterest"),
  Threads: clientId("THREADS_CLIENT_ID", "Threads (Threads app id)"),
} as const;

export const platformClientSecrets = {
  Facebook: clientSecret("FACEBOOK_CLIENT_SECRET"),
  Instagram: clientSecret("INSTAGRAM_CLIENT_SECRET"),
  X: clientSecret("X_CLIENT_SECRET"),
  LinkedIn: clientSecret("LINKEDIN_CLIENT_SECRET"),
  TikTok: clientSecret("TIKTOK_CLIENT_SECRET"),
  YouTube: clientSecret("YOUTUBE_CLIENT_SECRET"),
  Pinterest: clientSecret("PINTEREST_CLIENT_SECRET"),
  Threads: clientSecret("THREADS_CLIENT_SECRET"),
} as const;

export const connectionsCallbackUrl = defineString("CONNECTIONS_CALLBACK_URL", {
  default: "",
  description:
    "The redirect URI registered with every platform (the connections-callback function's URL). Empty: https://REGION-PROJECT.cloudfunctions.net/connections-callback.",
});

export const publishMaxConcurrentDispatches = defineInt("PUBLISH_MAX_CONCURRENT_DISPATCHES", {
  default: 1000,
  description:
    "Publishing tasks Cloud Tasks runs at once (posts-publishTask). The local harness lowers it in functions/.env.local: the functions emulator starts one worker process per concurrent call.",
});

export const publishMaxDispatchesPerSecond = defineInt("PUBLISH_MAX_DISPATCHES_PER_SECOND", {
  default: 500,
  description: "Publishing tasks Cloud Tasks starts per second (posts-publishTask).",
});
