import { lazyGroup } from "../common/lazyGroup.js";
import type * as triggersModule from "./triggers.js";
import type * as ensureProfileModule from "./ensureProfile.js";
import type * as reconcilerModule from "./reconciler.js";

/** The `identity-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const identity = lazyGroup({
  onUserCreated: () => (require("./triggers.js") as typeof triggersModule).onUserCreated,
  onUserDeleted: () => (require("./triggers.js") as typeof triggersModule).onUserDeleted,
  ensureProfile: () => (require("./ensureProfile.js") as typeof ensureProfileModule).ensureProfile,
  reconcileUsers: () => (require("./reconciler.js") as typeof reconcilerModule).reconcileUsersSchedule,
});
