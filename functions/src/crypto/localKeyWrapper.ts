import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { KeyUnwrapError, type KeyWrapper, type WrappedKey } from "./keyWrapper.js";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Stands in for Cloud KMS in the emulator: wraps data keys with AES-256-GCM under a local
 * 32-byte key (`LOCAL_ENCRYPTION_KEY` in functions/.env.local, generated on first run by
 * scripts/lib/local-secrets.mjs). The key version is a fingerprint of that key, so a secret
 * written under another local key fails with a clear message instead of garbage.
 */
export class LocalKeyWrapper implements KeyWrapper {
  readonly backend = "local" as const;
  private readonly keyVersion: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("LOCAL_ENCRYPTION_KEY must be 32 bytes, base64-encoded.");
    this.keyVersion = `local:${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
  }

  /** Builds the wrapper from `LOCAL_ENCRYPTION_KEY`; fails clearly when it is missing. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): LocalKeyWrapper {
    const encoded = env.LOCAL_ENCRYPTION_KEY;
    if (!encoded) {
      throw new Error(
        "LOCAL_ENCRYPTION_KEY is not set: start the emulators with `npm start` or `npm test`, which write it to functions/.env.local.",
      );
    }
    return new LocalKeyWrapper(Buffer.from(encoded, "base64"));
  }

  async wrap(dataKey: Buffer, aad: Buffer): Promise<WrappedKey> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv).setAAD(aad);
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { wrappedKey: Buffer.concat([iv, cipher.getAuthTag(), body]), keyVersion: this.keyVersion };
  }

  async unwrap(wrapped: WrappedKey, aad: Buffer): Promise<Buffer> {
    if (wrapped.keyVersion !== this.keyVersion) {
      throw new KeyUnwrapError(`The data key was wrapped by another local key (${wrapped.keyVersion}).`);
    }
    const bytes = wrapped.wrappedKey;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES)).setAAD(aad);
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new KeyUnwrapError("The data key could not be unwrapped (wrong owner, purpose or provider, or tampered).");
    }
  }
}
