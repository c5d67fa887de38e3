import type { KeyManagementServiceClient } from "@google-cloud/kms";
import { DomainError } from "../common/errors.js";
import { logError } from "../common/logs.js";
import { crc32c } from "./crc32c.js";
import { KeyUnwrapError, type KeyWrapper, type WrappedKey } from "./keyWrapper.js";
import { GrpcStatus } from "../common/grpcStatus.js";

/** Where to reach Cloud KMS when it is not Google's endpoint: a local fake, plain text. */
export interface KmsEndpoint {
  host: string;
  port: number;
}

export interface KmsKeyWrapperOptions {
  /**
   * `projects/P/locations/L/keyRings/R/cryptoKeys/K`; Encrypt uses its primary version. Needed to
   * wrap only: unwrapping goes to the key that the recorded version belongs to.
   */
  keyName?: string;
  /** Emulator and tests only: an insecure local endpoint instead of cloudkms.googleapis.com. */
  endpoint?: KmsEndpoint;
}

const CRYPTO_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;
const KEY_VERSION = /^(projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+)\/cryptoKeyVersions\/[^/]+$/;

/** Few quick retries: a caller waiting on a callable should get `unavailable`, not hang a minute. */
const CALL_OPTIONS = { timeout: 10_000, maxRetries: 2 };

const clients = new Map<string, Promise<KeyManagementServiceClient>>();

/** One client per endpoint and instance; `@google-cloud/kms` is loaded on first use only. */
function kmsClient(endpoint: KmsEndpoint | undefined): Promise<KeyManagementServiceClient> {
  const cacheKey = endpoint ? `${endpoint.host}:${endpoint.port}` : "google";
  let client = clients.get(cacheKey);
  if (!client) {
    client = (async () => {
      const { KeyManagementServiceClient } = await import("@google-cloud/kms");
      if (!endpoint) return new KeyManagementServiceClient();
      const { grpc } = await import("google-gax");
      return new KeyManagementServiceClient({
        apiEndpoint: endpoint.host,
        port: endpoint.port,
        sslCreds: grpc.credentials.createInsecure(),
        // No Google credentials are involved: state the universe so the client does not probe
        // the metadata server for it.
        clientOptions: { universeDomain: "googleapis.com" },
      });
    })();
    // A failed load is not cached: the next call tries again.
    client.catch(() => clients.delete(cacheKey));
    clients.set(cacheKey, client);
  }
  return client;
}

/** A checksum as KMS sends it (Int64Value: number, string or Long), or undefined. */
function checksumOf(value: { value?: unknown } | null | undefined): number | undefined {
  return value?.value === undefined || value.value === null ? undefined : Number(String(value.value));
}

/** Data changed between us and KMS: never use it. */
class IntegrityError extends Error {
  constructor(what: string) {
    super(`Cloud KMS ${what} failed its CRC32C integrity check.`);
    this.name = "IntegrityError";
  }
}

function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/** Turns a KMS failure into a domain error the caller can act on; logs what is safe to log. */
function kmsFailure(operation: "encrypt" | "decrypt", error: unknown): Error {
  const code = grpcCode(error);
  if (code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED) {
    logError("crypto.kmsUnavailable", error, { operation, grpcCode: code });
    return new DomainError("unavailable", "The encryption service is unavailable right now. Please try again in a moment.");
  }
  if (error instanceof IntegrityError) {
    logError("crypto.kmsIntegrity", error, { operation });
    return new DomainError("unavailable", "The encryption service returned corrupted data. Please try again.");
  }
  if (operation === "decrypt" && code === GrpcStatus.INVALID_ARGUMENT) {
    return new KeyUnwrapError("Cloud KMS refused to decrypt the data key (wrong owner, purpose or provider, or tampered).");
  }
  logError("crypto.kmsFailed", error, { operation, grpcCode: code });
  return new DomainError("internal", "The encryption service refused the request.");
}

/**
 * Wraps data keys with a Cloud KMS symmetric key through the real `@google-cloud/kms` client.
 * Encrypt returns the primary key version that was used, and that version is recorded; Decrypt
 * is sent to the crypto key the recorded version belongs to (KMS finds the version inside the
 * ciphertext), so secrets written before a rotation, or under a previous KMS_KEY_NAME, stay
 * readable. Requests and responses are verified with CRC32C checksums, as Google recommends.
 */
export class KmsKeyWrapper implements KeyWrapper {
  readonly backend = "kms" as const;

  constructor(private readonly options: KmsKeyWrapperOptions) {
    if (options.keyName !== undefined && !CRYPTO_KEY.test(options.keyName)) {
      throw new Error("KMS_KEY_NAME must look like projects/P/locations/L/keyRings/R/cryptoKeys/K.");
    }
  }

  async wrap(dataKey: Buffer, aad: Buffer): Promise<WrappedKey> {
    if (!this.options.keyName) throw new Error("No Cloud KMS key to encrypt with: set KMS_KEY_NAME.");
    const client = await kmsClient(this.options.endpoint);
    try {
      const [response] = await client.encrypt(
        {
          name: this.options.keyName,
          plaintext: dataKey,
          plaintextCrc32c: { value: crc32c(dataKey) },
          additionalAuthenticatedData: aad,
          additionalAuthenticatedDataCrc32c: { value: crc32c(aad) },
        },
        CALL_OPTIONS,
      );
      if (!response.ciphertext || !response.name) throw new Error("Cloud KMS returned no ciphertext or key version.");
      const ciphertext = Buffer.from(response.ciphertext);
      if (!response.verifiedPlaintextCrc32c || !response.verifiedAdditionalAuthenticatedDataCrc32c) {
        throw new IntegrityError("encrypt request");
      }
      if (checksumOf(response.ciphertextCrc32c) !== crc32c(ciphertext)) throw new IntegrityError("encrypt response");
      return { wrappedKey: ciphertext, keyVersion: response.name };
    } catch (error) {
      throw kmsFailure("encrypt", error);
    }
  }

  async unwrap(wrapped: WrappedKey, aad: Buffer): Promise<Buffer> {
    const cryptoKey = KEY_VERSION.exec(wrapped.keyVersion)?.[1];
    if (!cryptoKey) throw new KeyUnwrapError(`Not a Cloud KMS key version: ${wrapped.keyVersion}`);
    const client = await kmsClient(this.options.endpoint);
    try {
      const [response] = await client.decrypt(
        {
          name: cryptoKey,
          ciphertext: wrapped.wrappedKey,
          ciphertextCrc32c: { value: crc32c(wrapped.wrappedKey) },
          additionalAuthenticatedData: aad,
          additionalAuthenticatedDataCrc32c: { value: crc32c(aad) },
        },
        CALL_OPTIONS,
      );
      if (!response.plaintext) throw new Error("Cloud KMS returned no plaintext.");
      const plaintext = Buffer.from(response.plaintext);
      if (checksumOf(response.plaintextCrc32c) !== crc32c(plaintext)) throw new IntegrityError("decrypt response");
      return plaintext;
    } catch (error) {
      throw kmsFailure("decrypt", error);
    }
  }
}
