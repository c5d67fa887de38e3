/**
 * A chat world for the rules suites, written with rules disabled:
 * TEAM: alice (owner), bob (admin), carol (member); OTHER_TEAM: erin (owner); dave has no team.
 * TEAM's channels: `general` and `random` (public), a private channel of alice and carol,
 * and the DM of alice and carol. Bob, though an admin, is in neither of the last two.
 * `old news` (public) and a second private channel exist to be deleted.
 */
import type { RulesTestContext } from "@firebase/rules-unit-testing";
import { Timestamp } from "firebase/firestore";
import { seed, firestoreAs } from "../helpers/rules.js";

/** The Firestore of one rules-test context. */
export type RulesDb = ReturnType<RulesTestContext["firestore"]>;

/** Firestore as the signed-in user `uid`. */
export const as = (uid: string): Promise<RulesDb> => firestoreAs(uid);

// Each seeding uses fresh team ids: clearing Firestore fires the chat delete triggers, whose
// cleanup of the previous test's teams must not reach the documents of the next test.
let seeding = 0;
export let TEAM = "team-a";
export let OTHER_TEAM = "team-b";
export const PRIVATE = "Priv4teChannel000000";
export const DM = "dm_alice_carol";
/** Channels that the delete tests remove; nothing else uses them, so their delete triggers touch no other test's data. */
export const DOOMED_PUBLIC = "old news";
export const DOOMED_PRIVATE = "D00medPrivateChannel";

const at = (iso: string) => Timestamp.fromDate(new Date(iso));
const T0 = at("2026-01-01T00:00:00Z");

/** Each user's name in their team's membership document: what senderName and userName must be. */
export const NAMES: Record<string, string> = { alice: "Alice", bob: "Bob", carol: "Carol", erin: "Erin" };

export const channelPath = (channelId: string, team = TEAM) => `teams/${team}/channels/${channelId}`;

export function message(senderId: string, text = "hello", createdAt = T0) {
  return { senderId, senderName: NAMES[senderId], text, createdAt };
}

export async function seedChatWorld(): Promise<void> {
  seeding += 1;
  TEAM = `team-a-${seeding}`;
  OTHER_TEAM = `team-b-${seeding}`;
  const member = (role: string, uid: string) => ({ role, name: NAMES[uid], email: `${uid}@example.test`, joinedAt: T0 });
  const channel = (name: string, createdBy: string, memberIds: string[] = [], isDirectMessage = false) => ({
    name,
    isDirectMessage,
    memberIds,
    createdBy,
    createdAt: T0,
  });
  await seed({
    [`teams/${TEAM}`]: { name: "Team A", ownerId: "alice", memberIds: ["alice", "bob", "carol"], createdAt: T0 },
    [`teams/${TEAM}/members/alice`]: member("owner", "alice"),
    [`teams/${TEAM}/members/bob`]: member("admin", "bob"),
    [`teams/${TEAM}/members/carol`]: member("member", "carol"),
    [`teams/${OTHER_TEAM}`]: { name: "Team B", ownerId: "erin", memberIds: ["erin"], createdAt: T0 },
    [`teams/${OTHER_TEAM}/members/erin`]: member("owner", "erin"),
    [channelPath("general", OTHER_TEAM)]: channel("general", "erin"),
    [channelPath("general")]: channel("general", "alice"),
    [channelPath("random")]: channel("random", "carol"),
    [channelPath(PRIVATE)]: channel("Launch plans", "carol", ["alice", "carol"]),
    [channelPath(DM)]: channel("alice, carol", "alice", ["alice", "carol"], true),
    [channelPath(DOOMED_PUBLIC)]: channel("Old news", "carol"),
    [channelPath(DOOMED_PRIVATE)]: channel("Old plans", "carol", ["alice", "carol"]),
    [`${channelPath("general")}/messages/m-alice`]: message("alice"),
    [`${channelPath("general")}/messages/m-bob`]: message("bob"),
    [`${channelPath(PRIVATE)}/messages/m-carol`]: message("carol"),
    [`${channelPath(DM)}/messages/m-carol`]: message("carol"),
    [`${channelPath("general")}/typing/alice`]: { userName: NAMES.alice, expiresAt: T0 },
    [`${channelPath(PRIVATE)}/typing/carol`]: { userName: NAMES.carol, expiresAt: T0 },
    [`teams/${TEAM}/members/alice/reads/general`]: { lastReadAt: T0 },
    [`teams/${TEAM}/members/carol/reads/general`]: { lastReadAt: T0 },
  });
}
