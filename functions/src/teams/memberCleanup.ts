/**
 * What a member leaves behind once the membership transaction has removed them: the documents
 * below their membership and each domain's member cleanup. Apart from membership.ts, whose
 * transaction writes joining a team (invitations-accept) also uses, so that joining does not load
 * the other domains' cleanup.
 */
import type { MemberCleanupStep } from "../common/cleanup.js";
import { memberRef } from "../common/collections/teams.js";
import { removeAccountsOfMember } from "../connections/cleanup.js";

/** Every domain's member cleanup; a domain adds its own here. */
export const MEMBER_CLEANUP_STEPS: MemberCleanupStep[] = [{ name: "connections", run: removeAccountsOfMember }];

/**
 * Deletes what a former member leaves below their membership (e.g. chat read markers), then
 * runs each domain's member cleanup.
 */
export async function deleteMembershipLeftovers(teamId: string, uid: string): Promise<void> {
  const ref = memberRef(teamId, uid);
  if ((await ref.get()).exists) return; // they joined again meanwhile
  for (const collection of await ref.listCollections()) await ref.firestore.recursiveDelete(collection);
  for (const step of MEMBER_CLEANUP_STEPS) await step.run(teamId, uid);
}
