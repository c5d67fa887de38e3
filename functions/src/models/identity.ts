/** Identity (CONTRACT §1): `users/{uid}` and `config/roles`. */
import * as z from "zod";
import { timestamp } from "./shared.js";

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

/** `system/userReconciler` (server only): where the reconciler's scan of profiles goes on next run. */
export const userReconcilerStateSchema = z.object({ cursor: z.string().nullable(), updatedAt: timestamp });

/** One plan role's entry of `config/roles`: its monthly AI limit; `null` means unlimited. */
export const roleLimitSchema = z.object({ maxAiUsesMonthly: z.number().int().nonnegative().nullable() });
/** `config/roles` as an admin writes it: the monthly AI limit of each plan role. */
export const roleLimitsSchema = z.record(z.string(), roleLimitSchema);
export type RoleLimits = z.infer<typeof roleLimitsSchema>;
/**
 * `config/roles` as the server reads it: any map. Each plan role's entry is checked on its own
 * (`identity/roles.ts`), so that no mistake in the document breaks the AI calls or the monthly reset.
 */
export const roleLimitsReadSchema = z.record(z.string(), z.unknown());

// ---- callables: requests and responses ----------------------------------------------------

/**
 * `identity-ensureProfile {}` → `{ created }`: creates the caller's profile and personal team
 * if the sign-up trigger has not (CONTRACT §1); `failed-precondition` with reason
 * `account-deleted` for an account being deleted.
 */
export const ensureProfileInput = z.strictObject({});
export const ensureProfileResponse = z.object({
  /** True when this call created the profile (the sign-up trigger had not). */
  created: z.boolean(),
});
export type EnsureProfileResponse = z.infer<typeof ensureProfileResponse>;
export type EnsureProfileResult = EnsureProfileResponse;
