import type { UserCleanupStep } from "../common/cleanup.js";
import { channels, reads, typing } from "../common/collections/chat.js";
import { writeInBatches } from "../common/batches.js";
import { db } from "../common/firebase.js";

/**
 * A deleted user's chat state: their read markers and typing documents in each of their
 * teams. Their messages stay, like in any team chat; team membership is the teams domain's.
 * The teams are those of the profile when the deletion started.
 */
export const chatUserCleanup: UserCleanupStep = {
  name: "chat",
  run: async ({ uid, teamIds }) => {
    for (const teamId of teamIds) {
      await db().recursiveDelete(reads(teamId, uid));
      // One typing document per channel: a team may have more channels than one batch takes.
      const typingRefs = (await channels(teamId).listDocuments()).map((channel) => typing(teamId, channel.id).doc(uid));
      await writeInBatches(typingRefs, (batch, ref) => batch.delete(ref));
    }
  },
};
