/**
 * The second half of connections/cleanup.ts: a queued `accountRevocations` entry is revoked at the
 * platform here, apart from the cleanup steps so that the domains which run those steps do not
 * load this trigger, the platform clients and the token encryption.
 */
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { removeQueuedAccount } from "./removeAccount.js";
import { PLATFORM_SECRETS } from "./endpoints.js";

/** Revokes a queued account's grant at the platform, then deletes its tokens and the entry. */
export const onRevocationQueued = onDocumentCreated(
  { document: "accountRevocations/{revocationId}", secrets: PLATFORM_SECRETS },
  async (event) => {
    const entry = event.data;
    if (!entry?.exists) return;
    const teamId = String(entry.get("teamId"));
    const accountId = String(entry.get("accountId"));
    const platform = entry.get("platform");
    await removeQueuedAccount(teamId, accountId, String(entry.get("reason")), typeof platform === "string" ? platform : undefined);
    await entry.ref.delete();
  },
);
