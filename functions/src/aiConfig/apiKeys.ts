import { failedPrecondition } from "../common/errors.js";

/**
 * The caller's own API key for `providerId`, decrypted, or null when none is stored.
 * Placeholder until the "Encrypted secrets" work lands: it replaces this body.
 */
export async function readUserApiKey(uid: string, providerId: string): Promise<string | null> {
  throw failedPrecondition(`User API keys are not available yet (${providerId}, ${uid}).`);
}
