/**
 * A grant between the callback and `connections-complete`: its targets in the clear (what
 * `connections-getPending` shows) and its tokens sealed with the crypto envelope, bound to the
 * pending id. It lives 10 minutes and is used once (complete deletes the grant).
 */
import { z } from "zod";
import { openSecret, sealSecret, type SealedSecret, type SecretOwner } from "../crypto/envelope.js";
import { activeKeyWrapper, keyWrapperFor } from "../crypto/keyWrappers.js";
import { storedTokensSchema, type StoredTokens } from "./tokens.js";

export const PENDING_TTL_MS = 10 * 60 * 1000;

const grantSchema = z.object({ tokens: z.record(z.string(), storedTokensSchema) });
export type PendingGrant = z.infer<typeof grantSchema>;

function pendingOwner(pendingId: string, platform: string): SecretOwner {
  return { uid: `pending:${pendingId}`, purpose: "oauthTokens", provider: platform };
}

export async function sealGrant(pendingId: string, platform: string, tokens: Record<string, StoredTokens>): Promise<SealedSecret> {
  return sealSecret(await activeKeyWrapper(), pendingOwner(pendingId, platform), JSON.stringify({ tokens }));
}

export async function openGrant(pendingId: string, platform: string, grant: SealedSecret): Promise<PendingGrant> {
  const plaintext = await openSecret(await keyWrapperFor(grant.keyBackend), pendingOwner(pendingId, platform), grant);
  return grantSchema.parse(JSON.parse(plaintext));
}
