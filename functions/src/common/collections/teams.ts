/** Collections of teams (docs/teams.md); shapes in `models/teams.ts`. */
import { memberCleanupSchema, memberSchema, teamSchema, teamSeatsSchema } from "../../models/teams.js";
import { typedCollection, typedDoc } from "./typed.js";

export const teams = () => typedCollection("teams", teamSchema);
export const teamRef = (teamId: string) => teams().doc(teamId);

export const members = (teamId: string) => typedCollection(`teams/${teamId}/members`, memberSchema);
export const memberRef = (teamId: string, uid: string) => members(teamId).doc(uid);

export const teamSeatsRef = (teamId: string) => typedDoc(`teams/${teamId}/private/seats`, teamSeatsSchema);

/** `memberCleanups/{autoId}` (server only): a member cleanup still owed; outside the team tree so that one query finds the due ones. */
export const memberCleanups = () => typedCollection("memberCleanups", memberCleanupSchema);
export const memberCleanupRef = (teamId: string, uid: string) =>
  memberCleanups().doc(`${encodeURIComponent(teamId)}:${encodeURIComponent(uid)}`);
