import { lazyGroup } from "../common/lazyGroup.js";
import type * as createModule from "./create.js";
import type * as updateModule from "./update.js";
import type * as inviteModule from "../invitations/invite.js";
import type * as revokeInvitationModule from "../invitations/revokeInvitation.js";
import type * as removeMemberModule from "./removeMember.js";
import type * as setRoleModule from "./setRole.js";
import type * as leaveModule from "./leave.js";
import type * as transferOwnershipModule from "./transferOwnership.js";
import type * as syncMemberNamesModule from "./syncMemberNames.js";
import type * as deleteTeamTaskModule from "./deleteTeamTask.js";
import type * as memberCleanupTriggerModule from "./memberCleanupTrigger.js";

/** The `teams-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const teams = lazyGroup({
  create: () => (require("./create.js") as typeof createModule).create,
  update: () => (require("./update.js") as typeof updateModule).update,
  invite: () => (require("../invitations/invite.js") as typeof inviteModule).invite,
  revokeInvitation: () => (require("../invitations/revokeInvitation.js") as typeof revokeInvitationModule).revokeInvitation,
  removeMember: () => (require("./removeMember.js") as typeof removeMemberModule).removeMember,
  setRole: () => (require("./setRole.js") as typeof setRoleModule).setRole,
  leave: () => (require("./leave.js") as typeof leaveModule).leave,
  transferOwnership: () => (require("./transferOwnership.js") as typeof transferOwnershipModule).transferOwnership,
  syncMemberNames: () => (require("./syncMemberNames.js") as typeof syncMemberNamesModule).syncMemberNames,
  deleteTeamPage: () => (require("./deleteTeamTask.js") as typeof deleteTeamTaskModule).deleteTeamPageTask,
  onMemberCleanupQueued: () => (require("./memberCleanupTrigger.js") as typeof memberCleanupTriggerModule).onMemberCleanupQueued,
});
