/**
 * A local fake of the Cloud KMS gRPC API, built from the `.proto` files that
 * `@google-cloud/kms` ships, so that tests drive the real KeyManagementServiceClient over the
 * wire. It implements Encrypt and Decrypt for symmetric keys with versions: Encrypt uses the
 * primary version and embeds the version in the ciphertext (as real KMS does), Decrypt finds
 * it there; additional authenticated data is enforced with AES-256-GCM. CRC32C checksums are
 * checked on requests and set on responses, as real KMS does.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { join } from "node:path";
import { crc32c } from "../../functions/src/crypto/crc32c.js";

const ROOT = join(__dirname, "..", "..");
const INCLUDE_DIRS = [
  join(ROOT, "functions", "node_modules", "@google-cloud", "kms", "build", "protos"),
  join(ROOT, "functions", "node_modules", "google-gax", "build", "protos"),
];

interface CryptoKey {
  primary: number;
  versions: Map<number, Buffer>;
}

export interface KmsCall {
  method: "Encrypt" | "Decrypt";
  name: string;
  additionalAuthenticatedData: Buffer;
  /** The request carried CRC32C checksums of its data and AAD. */
  checksummed: boolean;
}

export interface FakeKms {
  /** `host:port`, as the functions' `config/emulator.kmsEndpoint` expects. */
  address: string;
  host: string;
  port: number;
  calls: KmsCall[];
  /** Creates a symmetric key with version 1 as primary; returns its name. */
  createKey(name: string): string;
  /** Adds a version and makes it primary; returns the new version number. */
  rotate(name: string): number;
  /** While on, every call fails with UNAVAILABLE, as during an outage. */
  setOutage(on: boolean): void;
  /** While on, response data is altered after its checksum is computed (corruption in transit). */
  setCorruptResponses(on: boolean): void;
  stop(): Promise<void>;
}

type Handler<Req, Res> = grpc.handleUnaryCall<Req, Res>;
type Checksum = { value: string } | null;
interface EncryptRequest {
  name: string;
  plaintext: Buffer;
  plaintextCrc32c: Checksum;
  additionalAuthenticatedData: Buffer;
  additionalAuthenticatedDataCrc32c: Checksum;
}
interface DecryptRequest {
  name: string;
  ciphertext: Buffer;
  ciphertextCrc32c: Checksum;
  additionalAuthenticatedData: Buffer;
  additionalAuthenticatedDataCrc32c: Checksum;
}

/** The field whose checksum was sent and does not match its data, if any. */
function badChecksum(fields: Array<[string, Buffer, Checksum]>): string | undefined {
  return fields.find(([, data, checksum]) => checksum && Number(checksum.value) !== crc32c(data))?.[0];
}

function flipFirstBit(data: Buffer): Buffer {
  const copy = Buffer.from(data);
  copy[0] ^= 1;
  return copy;
}

const VERSION_PATTERN = /^(.*\/cryptoKeys\/[^/]+)(?:\/cryptoKeyVersions\/(\d+))?$/;

function fail(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

export async function startFakeKms(): Promise<FakeKms> {
  const definition = protoLoader.loadSync("google/cloud/kms/v1/service.proto", {
    includeDirs: INCLUDE_DIRS,
    longs: String,
    enums: String,
    defaults: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    google: { cloud: { kms: { v1: { KeyManagementService: { service: grpc.ServiceDefinition } } } } };
  };
  const keys = new Map<string, CryptoKey>();
  const calls: KmsCall[] = [];
  let outage = false;
  let corrupt = false;

  const encrypt: Handler<EncryptRequest, unknown> = (call, callback) => {
    const { name, plaintext, additionalAuthenticatedData, plaintextCrc32c, additionalAuthenticatedDataCrc32c } = call.request;
    calls.push({
      method: "Encrypt",
      name,
      additionalAuthenticatedData: Buffer.from(additionalAuthenticatedData),
      checksummed: plaintextCrc32c !== null && additionalAuthenticatedDataCrc32c !== null,
    });
    if (outage) return callback(fail(grpc.status.UNAVAILABLE, "The service is currently unavailable."));
    const mismatch = badChecksum([
      ["plaintext", plaintext, plaintextCrc32c],
      ["additional_authenticated_data", additionalAuthenticatedData, additionalAuthenticatedDataCrc32c],
    ]);
    if (mismatch)
      return callback(
        fail(grpc.status.INVALID_ARGUMENT, `The checksum in field ${mismatch}_crc32c did not match the data in field ${mismatch}.`),
      );
    const match = VERSION_PATTERN.exec(name);
    const key = match ? keys.get(match[1]) : undefined;
    if (!match || !key) return callback(fail(grpc.status.NOT_FOUND, `${name} not found.`));
    const version = match[2] ? Number(match[2]) : key.primary;
    const material = key.versions.get(version);
    if (!material) return callback(fail(grpc.status.NOT_FOUND, `${name} not found.`));
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", material, iv).setAAD(additionalAuthenticatedData);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(version);
    const ciphertext = Buffer.concat([header, iv, cipher.getAuthTag(), body]);
    callback(null, {
      name: `${match[1]}/cryptoKeyVersions/${version}`,
      ciphertext: corrupt ? flipFirstBit(ciphertext) : ciphertext,
      ciphertextCrc32c: { value: String(crc32c(ciphertext)) },
      verifiedPlaintextCrc32c: plaintextCrc32c !== null,
      verifiedAdditionalAuthenticatedDataCrc32c: additionalAuthenticatedDataCrc32c !== null,
      protectionLevel: "SOFTWARE",
    });
  };

  const decrypt: Handler<DecryptRequest, unknown> = (call, callback) => {
    const { name, ciphertext, additionalAuthenticatedData, ciphertextCrc32c, additionalAuthenticatedDataCrc32c } = call.request;
    calls.push({
      method: "Decrypt",
      name,
      additionalAuthenticatedData: Buffer.from(additionalAuthenticatedData),
      checksummed: ciphertextCrc32c !== null && additionalAuthenticatedDataCrc32c !== null,
    });
    if (outage) return callback(fail(grpc.status.UNAVAILABLE, "The service is currently unavailable."));
    const mismatch = badChecksum([
      ["ciphertext", ciphertext, ciphertextCrc32c],
      ["additional_authenticated_data", additionalAuthenticatedData, additionalAuthenticatedDataCrc32c],
    ]);
    if (mismatch)
      return callback(
        fail(grpc.status.INVALID_ARGUMENT, `The checksum in field ${mismatch}_crc32c did not match the data in field ${mismatch}.`),
      );
    const key = keys.get(name);
    if (!key) return callback(fail(grpc.status.NOT_FOUND, `${name} not found.`));
    const invalid = () => callback(fail(grpc.status.INVALID_ARGUMENT, "Decryption failed: the ciphertext is invalid."));
    if (ciphertext.length < 4 + 12 + 16) return invalid();
    const version = ciphertext.readUInt32BE(0);
    const material = key.versions.get(version);
    if (!material) return invalid();
    try {
      const decipher = createDecipheriv("aes-256-gcm", material, ciphertext.subarray(4, 16)).setAAD(additionalAuthenticatedData);
      decipher.setAuthTag(ciphertext.subarray(16, 32));
      const plaintext = Buffer.concat([decipher.update(ciphertext.subarray(32)), decipher.final()]);
      callback(null, {
        plaintext: corrupt ? flipFirstBit(plaintext) : plaintext,
        plaintextCrc32c: { value: String(crc32c(plaintext)) },
        usedPrimary: version === key.primary,
        protectionLevel: "SOFTWARE",
      });
    } catch {
      invalid();
    }
  };

  const server = new grpc.Server();
  server.addService(loaded.google.cloud.kms.v1.KeyManagementService.service, {
    Encrypt: encrypt,
    Decrypt: decrypt,
  } as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );

  return {
    address: `127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    calls,
    createKey(name) {
      keys.set(name, { primary: 1, versions: new Map([[1, randomBytes(32)]]) });
      return name;
    },
    rotate(name) {
      const key = keys.get(name);
      if (!key) throw new Error(`No fake KMS key ${name}`);
      const next = Math.max(...key.versions.keys()) + 1;
      key.versions.set(next, randomBytes(32));
      key.primary = next;
      return next;
    },
    setOutage(on) {
      outage = on;
    },
    setCorruptResponses(on) {
      corrupt = on;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
