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
  description: "Teams one user may belong to (owned ones included); teams-create and invitations-accept refuse more with failed-precondition.",
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
