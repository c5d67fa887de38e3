import type { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { accountDeleted } from "../common/activeAccount.js";
import { ensureProfileInput, type EnsureProfileResponse } from "../models/identity.js";
import { createMissingProfile } from "./createProfile.js";

export { ensureProfileInput };
export type { EnsureProfileResult } from "../models/identity.js";

/**
 * Repairs a sign-up the trigger did not finish: creates the caller's profile and personal team
 * in the trigger's own transaction, or does nothing when they exist. The frontend calls it when
 * `users/{uid}` has not appeared a few seconds after sign-up.
 */
export async function handleEnsureProfile(ctx: CallContext<z.output<typeof ensureProfileInput>>): Promise<EnsureProfileResponse> {
  const outcome = await createMissingProfile({
    uid: ctx.uid,
    email: ctx.token.email ?? null,
    displayName: typeof ctx.token.name === "string" ? ctx.token.name : null,
  });
  if (outcome.status === "deleted") throw accountDeleted();
  return { created: outcome.status === "created" };
}

/** `identity-ensureProfile {}` → `{ created }`. */
export const ensureProfile = validatedOnCall("identity-ensureProfile", ensureProfileInput, handleEnsureProfile);
