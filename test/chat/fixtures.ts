/**
 * A chat world for the rules suites, written with rules disabled: the cast's teams
 * (test/helpers/cast.ts) under fresh ids, TEAM and OTHER_TEAM.
 * TEAM's channels: `general` and `random` (public), a private channel of alice and carol,
 * and the DM of alice and carol. Bob, though an admin, is in neither of the last two.
 * `old news` (public) and a second private channel exist to be deleted.
 */
import { NAMES, SEED_TIME, castTeams } from "../helpers/cast.js";
import { clearAndSeed } from "../helpers/rules.js";

// Each seeding uses fresh team ids. clearAndSeed switches the functions' background triggers off,
// but where they run (a clear fires the chat delete triggers for every channel and message), the
// cleanup of the previous test's teams could not reach the documents of the next test.
let seeding = 0;
export let TEAM = "team-a";
export let OTHER_TEAM = "team-b";
export const PRIVATE = "Priv4teChannel000000";
export const DM = "dm_alice_carol";
/** Channels that the delete tests remove; nothing else uses them, so their delete triggers touch no other test's data. */
export const DOOMED_PUBLIC = "old news";
export const DOOMED_PRIVATE = "D00medPrivateChannel";

export const channelPath = (channelId: string, team = TEAM) => `teams/${team}/channels/${channelId}`;

export function message(senderId: string, text = "hello", createdAt = SEED_TIME) {
  return { senderId, senderName: NAMES[senderId], text, createdAt };
}

/** Clears Firestore (and Storage, with `{ storage: true }`) and seeds the chat world. */
export async function seedChatWorld(options: { storage?: boolean } = {}): Promise<void> {
  seeding += 1;
  TEAM = `team-a-${seeding}`;
  OTHER_TEAM = `team-b-${seeding}`;
  const channel = (name: string, createdBy: string, memberIds: string[] = [], isDirectMessage = false) => ({
    name,
    isDirectMessage,
    memberIds,
    createdBy,
    createdAt: SEED_TIME,
  });
  await clearAndSeed(
    {
      ...castTeams(TEAM, OTHER_TEAM),
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
      [`${channelPath("general")}/typing/alice`]: { userName: NAMES.alice, expiresAt: SEED_TIME },
      [`${channelPath(PRIVATE)}/typing/carol`]: { userName: NAMES.carol, expiresAt: SEED_TIME },
      [`teams/${TEAM}/members/alice/reads/general`]: { lastReadAt: SEED_TIME },
      [`teams/${TEAM}/members/carol/reads/general`]: { lastReadAt: SEED_TIME },
    },
    options,
  );
}
