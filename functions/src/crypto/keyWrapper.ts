/**
 * The key-encryption side of envelope encryption: something that wraps (encrypts) and unwraps a
 * data key. Cloud KMS in production; a local key stands in for it in the emulator.
 */

/** Which key wrapped a data key. Stored with every secret. */
export type KeyBackend = "kms" | "local";

export interface WrappedKey {
  /** The data key encrypted by the key-encryption key. */
  wrappedKey: Buffer;
  /**
   * The exact key version that wrapped it: the full Cloud KMS `cryptoKeyVersions/N` name, or
   * `local:<fingerprint>` for the local key. Rotating the KMS key leaves this version readable.
   */
  keyVersion: string;
}

export interface KeyWrapper {
  readonly backend: KeyBackend;
  /** Encrypts `dataKey`, binding `aad`; the same `aad` is needed to unwrap it. */
  wrap(dataKey: Buffer, aad: Buffer): Promise<WrappedKey>;
  /** Decrypts a wrapped data key; fails when `aad` or the key version does not match. */
  unwrap(wrapped: WrappedKey, aad: Buffer): Promise<Buffer>;
}

/** The wrapped key cannot be opened (wrong AAD, tampering, a different key). Never retried. */
export class KeyUnwrapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyUnwrapError";
  }
}
