import { roleLimitsRef, type PlanRole, type RoleLimits } from "../common/collections.js";

/** Monthly AI uses per plan role when `config/roles` is absent; `null` is unlimited. */
export const DEFAULT_ROLE_LIMITS: Record<PlanRole, { maxAiUsesMonthly: number | null }> = {
  free: { maxAiUsesMonthly: 50 },
  pro: { maxAiUsesMonthly: 1000 },
  admin: { maxAiUsesMonthly: null },
};

/** The role limits from `config/roles`, each role falling back to its default. */
export async function getRoleLimits(): Promise<RoleLimits> {
  const snapshot = await roleLimitsRef().get();
  return { ...DEFAULT_ROLE_LIMITS, ...(snapshot.exists ? snapshot.data() : {}) };
}

/** The monthly AI limit of `role` (`null` = unlimited); unknown roles get the free limit. */
export async function monthlyAiLimit(role: string): Promise<number | null> {
  const limits = await getRoleLimits();
  return (limits[role] ?? limits.free ?? DEFAULT_ROLE_LIMITS.free).maxAiUsesMonthly;
}
