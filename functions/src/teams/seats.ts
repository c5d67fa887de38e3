import { Timestamp, type QueryDocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import { invitations } from "../common/collections/invitations.js";
import { teamSeatsRef } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import type { Invitation } from "../models/invitations.js";
import type { Team } from "../models/teams.js";
import { failedPrecondition } from "../common/errors.js";

/** A team holds at most this many seats: members plus pending, unexpired invitations. */
export const MAX_TEAM_MEMBERS = 3;

/** The seats of a team as seen inside a transaction. */
export interface Seats {
  /** Pending invitations that have not expired: each holds a seat. */
  pending: QueryDocumentSnapshot<Invitation>[];
  /** Invitations still marked pending although they expired: they hold no seat. */
  expired: QueryDocumentSnapshot<Invitation>[];
  taken: number;
}

/**
 * Reads the team's seats in `tx` and locks them: the transaction must then call
 * `commitSeats`, so that two transactions counting the same seats cannot both commit.
 */
export async function readSeats(tx: Transaction, teamId: string, team: Team): Promise<Seats> {
  const [, pendingSnap] = await Promise.all([
    tx.get(teamSeatsRef(teamId)),
    tx.get(invitations().where("teamId", "==", teamId).where("status", "==", "pending")),
  ]);
  const now = Timestamp.now().toMillis();
  const pending = pendingSnap.docs.filter((doc) => doc.data().expiresAt.toMillis() > now);
  const expired = pendingSnap.docs.filter((doc) => doc.data().expiresAt.toMillis() <= now);
  return { pending, expired, taken: team.memberIds.length + pending.length };
}

/** Writes the seat lock and marks invitations that expired while pending as `expired`. */
export function commitSeats(tx: Transaction, teamId: string, seats: Seats): void {
  for (const doc of seats.expired) tx.update(doc.ref, { status: "expired" });
  tx.set(teamSeatsRef(teamId), { changedAt: serverNow() });
}

/** The error for a team that has no seat left. */
export function teamFull() {
  return failedPrecondition(`This team is full: a team has at most ${MAX_TEAM_MEMBERS} members, pending invitations included.`, {
    reason: "team-full",
    maxMembers: MAX_TEAM_MEMBERS,
  });
}
