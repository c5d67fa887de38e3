import { lazyGroup } from "../common/lazyGroup.js";
import type * as signUpTriggerModule from "./signUpTrigger.js";
import type * as deletionTriggerModule from "./deletionTrigger.js";
import type * as ensureProfileModule from "./ensureProfile.js";
import type * as reconcilerModule from "./reconciler.js";

/** The `identity-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const identity = lazyGroup({
  onUserCreated: () => (require("./signUpTrigger.js") as typeof signUpTriggerModule).onUserCreated,
  onUserDeleted: () => (require("./deletionTrigger.js") as typeof deletionTriggerModule).onUserDeleted,
  ensureProfile: () => (require("./ensureProfile.js") as typeof ensureProfileModule).ensureProfile,
  reconcileUsers: () => (require("./reconciler.js") as typeof reconcilerModule).reconcileUsersSchedule,
});
