import type { DocumentReference, WithFieldValue } from "firebase-admin/firestore";
import { secrets } from "../common/collections/crypto.js";
import { serverNow } from "../common/collections/typed.js";
import type { StoredSecret } from "../models/crypto.js";
import { deleteInBatches } from "../common/batches.js";
import { DomainError } from "../common/errors.js";
import { logError, logInfo } from "../common/logs.js";
import { openSecret, sealSecret, type SealedSecret, type SecretOwner } from "./envelope.js";
import { KeyUnwrapError } from "./keyWrapper.js";
import { activeKeyWrapper, keyWrapperFor } from "./keyWrappers.js";

/** The id of a secret: one per owner, purpose and provider. */
export function secretId(owner: SecretOwner): string {
  return [owner.uid, owner.purpose, owner.provider].map(encodeURIComponent).join(":");
}

export function secretRef(owner: SecretOwner): DocumentReference<StoredSecret> {
  return secrets().doc(secretId(owner));
}

/**
 * Encrypts `plaintext` for `owner` with the active key wrapper (Cloud KMS, or the local key in
 * the emulator). Call it before the transaction that stores the result, so that a KMS outage
 * (`unavailable`) stores nothing.
 */
export async function sealFor(owner: SecretOwner, plaintext: string): Promise<SealedSecret> {
  return sealSecret(await activeKeyWrapper(), owner, plaintext);
}

/** The document that stores a sealed secret, for `tx.set(secretRef(owner), ...)`. */
export function secretDocument(owner: SecretOwner, sealed: SealedSecret): WithFieldValue<StoredSecret> {
  return { uid: owner.uid, purpose: owner.purpose, provider: owner.provider, ...sealed, updatedAt: serverNow() };
}

/**
 * A stored secret that no longer opens (tampered, moved to another owner, sealed by another key):
 * a `failed-precondition`, since only saving it again helps. A KMS outage is not this: it stays
 * `unavailable`, and the secret is still good.
 */
export class SecretUnreadableError extends DomainError {
  constructor(owner: SecretOwner) {
    super("failed-precondition", `The stored secret for ${owner.provider} can no longer be read. Save it again.`);
    this.name = "SecretUnreadableError";
  }
}

/**
 * The decrypted secret of `owner`, or null when none is stored. Throws SecretUnreadableError for
 * a secret that no longer opens, and the key wrapper's own error (`unavailable`) for an outage.
 */
export async function readSecret(owner: SecretOwner): Promise<string | null> {
  const snapshot = await secretRef(owner).get();
  const stored = snapshot.data();
  if (!stored) return null;
  try {
    return await openSecret(await keyWrapperFor(stored.keyBackend), owner, stored);
  } catch (error) {
    if (!(error instanceof KeyUnwrapError)) throw error;
    logError("crypto.secretUnreadable", error, { uid: owner.uid, purpose: owner.purpose, provider: owner.provider });
    throw new SecretUnreadableError(owner);
  }
}

/** Deletes every secret of `uid` (API keys, OAuth tokens). Idempotent. */
export async function deleteUserSecrets(uid: string): Promise<void> {
  const count = await deleteInBatches(secrets().where("uid", "==", uid));
  logInfo("crypto.userSecretsDeleted", { uid, count });
}
