/**
 * The fixture users of every rules spec, each with the same role everywhere, and the one time
 * seeded documents carry. TEAM: alice (owner), bob (admin), carol (member); OTHER_TEAM: erin
 * (owner); dave belongs to no team. A spec that needs "a member of another team" takes erin, "a
 * non-member" dave, "a plain member" carol.
 */
import { Timestamp } from "firebase/firestore";

/** The time every seeded document was created, joined or updated at. */
export const SEED_TIME = Timestamp.fromDate(new Date("2026-01-01T00:00:00Z"));

export const [ALICE, BOB, CAROL, DAVE, ERIN] = ["alice", "bob", "carol", "dave", "erin"];
export const [TEAM, OTHER_TEAM] = ["team-a", "team-b"];

/** Each user's name in their membership document (what senderName and userName must be). */
export const NAMES: Record<string, string> = { alice: "Alice", bob: "Bob", carol: "Carol", dave: "Dave", erin: "Erin" };

export type Role = "owner" | "admin" | "member";
export type Docs = Record<string, Record<string, unknown>>;

/** A membership document of `uid`, as accepting an invitation writes it. */
export function membership(uid: string, role: Role) {
  return { role, name: NAMES[uid], email: `${uid}@example.test`, joinedAt: SEED_TIME };
}

/**
 * The cast's two teams (team documents and memberships), for `seed`; team ids can be chosen
 * so that a spec can use fresh ones per test.
 */
export function castTeams(team = TEAM, otherTeam = OTHER_TEAM): Docs {
  return {
    [`teams/${team}`]: { name: "Team A", ownerId: ALICE, memberIds: [ALICE, BOB, CAROL], createdAt: SEED_TIME },
    [`teams/${team}/members/${ALICE}`]: membership(ALICE, "owner"),
    [`teams/${team}/members/${BOB}`]: membership(BOB, "admin"),
    [`teams/${team}/members/${CAROL}`]: membership(CAROL, "member"),
    [`teams/${otherTeam}`]: { name: "Team B", ownerId: ERIN, memberIds: [ERIN], createdAt: SEED_TIME },
    [`teams/${otherTeam}/members/${ERIN}`]: membership(ERIN, "owner"),
  };
}
