import type { Transaction } from "firebase-admin/firestore";
import { channelRef } from "../common/collections/chat.js";
import { memberRef, teamRef } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";

/** Who owns a new team: the profile fields copied into the owner's membership. */
export interface TeamOwner {
  uid: string;
  name: string;
  email: string | null;
}

/**
 * Writes a new team in `tx`: the team document, the owner's membership and the team's
 * `general` channel. The caller updates the owner's profile (`teamIds`).
 */
export function writeNewTeam(tx: Transaction, teamId: string, owner: TeamOwner, name: string): void {
  const now = serverNow();
  tx.set(teamRef(teamId), { name, ownerId: owner.uid, memberIds: [owner.uid], createdAt: now });
  tx.set(memberRef(teamId, owner.uid), { role: "owner", name: owner.name, email: owner.email, joinedAt: now });
  tx.set(channelRef(teamId, "general"), {
    name: "general",
    isDirectMessage: false,
    memberIds: [],
    createdBy: owner.uid,
    createdAt: now,
  });
}
