/** Collections of teams (docs/teams.md); shapes in `models/teams.ts`. */
import { memberSchema, teamSchema, teamSeatsSchema } from "../../models/teams.js";
import { typedCollection, typedDoc } from "./typed.js";

export const teams = () => typedCollection("teams", teamSchema);
export const teamRef = (teamId: string) => teams().doc(teamId);

export const members = (teamId: string) => typedCollection(`teams/${teamId}/members`, memberSchema);
export const memberRef = (teamId: string, uid: string) => members(teamId).doc(uid);

export const teamSeatsRef = (teamId: string) => typedDoc(`teams/${teamId}/private/seats`, teamSeatsSchema);
