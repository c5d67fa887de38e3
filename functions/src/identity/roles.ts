import type { DocumentData } from "firebase-admin/firestore";
import { roleLimitsRef } from "../common/collections/identity.js";
import { logWarn } from "../common/logs.js";
import { planRoles, roleLimitSchema, type PlanRole, type RoleLimits } from "../models/identity.js";

/** Monthly AI uses per plan role when `config/roles` is absent; `null` is unlimited. */
export const DEFAULT_ROLE_LIMITS: Record<PlanRole, { maxAiUsesMonthly: number | null }> = {
  free: { maxAiUsesMonthly: 50 },
  pro: { maxAiUsesMonthly: 1000 },
  admin: { maxAiUsesMonthly: null },
};

/** The role limits from `config/roles`, each role falling back to its default. */
export async function getRoleLimits(): Promise<RoleLimits> {
  const snapshot = await roleLimitsRef().get();
  return roleLimitsOf(snapshot.data());
}

/**
 * The role limits of `config/roles` data (undefined: no document) over the defaults. An admin
 * writes the document by hand, and a mistake in it must not stop every AI call and the monthly
 * reset: each plan role's entry is checked on its own, an unusable one is logged and leaves that
 * role its default, and fields that name no plan role (an `updatedAt`, say) are ignored.
 */
export function roleLimitsOf(stored: DocumentData | undefined): RoleLimits {
  const limits: RoleLimits = { ...DEFAULT_ROLE_LIMITS };
  for (const role of planRoles) {
    if (stored?.[role] === undefined) continue;
    const entry = roleLimitSchema.safeParse(stored[role]);
    if (entry.success) limits[role] = entry.data;
    else
      logWarn("identity.roleLimitUnusable", {
        path: "config/roles",
        role,
        issues: entry.error.issues.map((issue) => issue.message).join("; "),
      });
  }
  return limits;
}

/** The limit of `role` in `limits` (`null` = unlimited); unknown roles get the free limit. */
export function limitForRole(limits: RoleLimits, role: string): number | null {
  return (limits[role] ?? limits.free ?? DEFAULT_ROLE_LIMITS.free).maxAiUsesMonthly;
}
