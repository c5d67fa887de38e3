import { readSecret, secretRef } from "../crypto/secretStore.js";
import type { SecretOwner } from "../crypto/envelope.js";

/** The secret under which a user's API key for `providerId` is stored. */
export function apiKeyOwner(uid: string, providerId: string): SecretOwner {
  return { uid, purpose: "aiApiKey", provider: providerId };
}

/** Where the encrypted API key of `uid` for `providerId` lives (no client rule reaches it). */
export const apiKeyRef = (uid: string, providerId: string) => secretRef(apiKeyOwner(uid, providerId));

/**
 * The caller's own API key for `providerId`, decrypted, or null when none is stored. For the AI
 * proxy only: the key must never be returned to a client or logged. Throws `unavailable` when
 * KMS cannot be reached and `failed-precondition` when the stored key no longer decrypts.
 */
export async function readUserApiKey(uid: string, providerId: string): Promise<string | null> {
  return readSecret(apiKeyOwner(uid, providerId));
}
