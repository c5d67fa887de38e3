/** Identity (CONTRACT §1): `users/{uid}` and `config/roles`. */
import * as z from "zod";
import { timestamp } from "./shared.js";

export const planRoles = ["free", "pro", "admin"] as const;
export type PlanRole = (typeof planRoles)[number];

/** `users/{uid}`. */
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

/** `config/roles`: the monthly AI limit of each plan role; `null` means unlimited. */
export const roleLimitsSchema = z.record(
  z.string(),
  z.object({ maxAiUsesMonthly: z.number().int().nonnegative().nullable() }),
);
export type RoleLimits = z.infer<typeof roleLimitsSchema>;

// ---- callables: requests and responses ----------------------------------------------------

/**
 * `identity-ensureProfile {}` → `{ created }`: creates the caller's profile and personal team
 * if the sign-up trigger has not (CONTRACT §1).
 */
export const ensureProfileInput = z.strictObject({});
export const ensureProfileResponse = z.object({ created: z.boolean() });
export type EnsureProfileResponse = z.infer<typeof ensureProfileResponse>;
