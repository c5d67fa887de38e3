import { DomainError } from "../common/errors.js";
import { emulatorOverrides } from "../common/emulatorOverrides.js";
import { isEmulator } from "../common/firebase.js";
import { logError } from "../common/logs.js";
import { kmsKeyName } from "../common/params.js";
import type { KeyBackend, KeyWrapper } from "./keyWrapper.js";
import { KmsKeyWrapper, type KmsEndpoint } from "./kmsKeyWrapper.js";
import { LocalKeyWrapper } from "./localKeyWrapper.js";

/** Emulator-only: `config/emulator` may point KMS at a local fake (`kmsEndpoint`: "host:port", `kmsKeyName`). */
async function emulatorKms(): Promise<{ keyName?: string; endpoint?: KmsEndpoint }> {
  const { kmsEndpoint: endpoint, kmsKeyName: keyName } = await emulatorOverrides("kmsEndpoint", "kmsKeyName");
  if (!endpoint) return { keyName };
  const index = endpoint.lastIndexOf(":");
  return { keyName, endpoint: { host: endpoint.slice(0, index), port: Number(endpoint.slice(index + 1)) } };
}

function notConfigured(): DomainError {
  logError("crypto.notConfigured", new Error("KMS_KEY_NAME is empty outside the emulator"));
  return new DomainError("internal", "Secrets cannot be stored: encryption is not configured on the server.");
}

/**
 * The wrapper new secrets are sealed with: Cloud KMS when KMS_KEY_NAME is set (or, in the
 * emulator, when `config/emulator` names a fake KMS), else the local key — in the emulator
 * only. Production without KMS refuses to store secrets.
 */
export async function activeKeyWrapper(): Promise<KeyWrapper> {
  const override = await emulatorKms();
  const keyName = override.keyName ?? kmsKeyName.value();
  if (keyName) return new KmsKeyWrapper({ keyName, endpoint: override.endpoint });
  if (!isEmulator()) throw notConfigured();
  return LocalKeyWrapper.fromEnv();
}

/** The wrapper that opens a secret sealed by `backend`. A local-key secret opens in the emulator only. */
export async function keyWrapperFor(backend: KeyBackend): Promise<KeyWrapper> {
  if (backend === "kms") return new KmsKeyWrapper({ endpoint: (await emulatorKms()).endpoint });
  if (!isEmulator()) throw notConfigured();
  return LocalKeyWrapper.fromEnv();
}
