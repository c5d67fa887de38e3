export { onUserCreated, onUserDeleted } from "./triggers.js";
export { ensureProfile } from "./ensureProfile.js";
export { reconcileUsersSchedule as reconcileUsers } from "./reconciler.js";
