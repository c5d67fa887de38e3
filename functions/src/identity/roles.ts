import { roleLimitsRef } from "../common/collections/identity.js";
import type { PlanRole, RoleLimits } from "../models/identity.js";

/** Monthly AI uses per plan role when `config/roles` is absent; `null` is unlimited. */
export const DEFAULT_ROLE_LIMITS: Record<PlanRole, { maxAiUsesMonthly: number | null }> = {
  free: { maxAiUsesMonthly: 50 },
  pro: { maxAiUsesMonthly: 1000 },
  admin: { maxAiUsesMonthly: null },
};

/** The role limits from `config/roles`, each role falling back to its default. */
export async function getRoleLimits(): Promise<RoleLimits> {
  const snapshot = await roleLimitsRef().get();
  return withDefaultLimits(snapshot.exists ? snapshot.data() : undefined);
}

/** `config/roles` data (if any) merged over the defaults. */
export function withDefaultLimits(stored: RoleLimits | undefined): RoleLimits {
  return { ...DEFAULT_ROLE_LIMITS, ...(stored ?? {}) };
}

/** The limit of `role` in `limits` (`null` = unlimited); unknown roles get the free limit. */
export function limitForRole(limits: RoleLimits, role: string): number | null {
  return (limits[role] ?? limits.free ?? DEFAULT_ROLE_LIMITS.free).maxAiUsesMonthly;
}
