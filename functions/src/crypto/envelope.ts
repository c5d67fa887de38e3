import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { SecretPurpose } from "../models/crypto.js";
import { KeyUnwrapError, type KeyBackend, type KeyWrapper } from "./keyWrapper.js";

/** Whose secret it is and what for. The three values are the additional authenticated data. */
export interface SecretOwner {
  uid: string;
  purpose: SecretPurpose;
  /** The AI provider (`OpenAI`) or social platform the secret belongs to. */
  provider: string;
}

/** An encrypted secret as stored: nothing in it reveals the plaintext without the wrapping key. */
export interface SealedSecret {
  format: 1;
  algorithm: "AES-256-GCM";
  keyBackend: KeyBackend;
  keyVersion: string;
  /** base64 of the data key wrapped by KMS (or the local key). */
  wrappedDataKey: string;
  /** base64 of the 96-bit IV, fresh for every encryption. */
  iv: string;
  authTag: string;
  ciphertext: string;
}

const IV_BYTES = 12;

/**
 * The additional authenticated data of a secret: owner, purpose and provider, unambiguously
 * encoded. Both the data-key wrap and the AES-GCM encryption are bound to it, so a ciphertext
 * copied to another user, purpose or provider does not decrypt.
 */
export function secretAad(owner: SecretOwner): Buffer {
  return Buffer.from(JSON.stringify(["pixasocial-secret/v1", owner.uid, owner.purpose, owner.provider]), "utf8");
}

/**
 * Envelope-encrypts `plaintext`: a fresh random 256-bit data key per secret encrypts it with
 * AES-256-GCM and a fresh IV; `wrapper` (Cloud KMS, or the local key in the emulator) wraps
 * the data key. The data key exists only in memory.
 */
export async function sealSecret(wrapper: KeyWrapper, owner: SecretOwner, plaintext: string): Promise<SealedSecret> {
  const aad = secretAad(owner);
  const dataKey = randomBytes(32);
  try {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", dataKey, iv).setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const wrapped = await wrapper.wrap(dataKey, aad);
    return {
      format: 1,
      algorithm: "AES-256-GCM",
      keyBackend: wrapper.backend,
      keyVersion: wrapped.keyVersion,
      wrappedDataKey: wrapped.wrappedKey.toString("base64"),
      iv: iv.toString("base64"),
      authTag: cipher.getAuthTag().toString("base64"),
      ciphertext: ciphertext.toString("base64"),
    };
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Decrypts a sealed secret for `owner`. Throws KeyUnwrapError when the secret does not belong to
 * `owner` (AAD mismatch) or was tampered with.
 */
export async function openSecret(wrapper: KeyWrapper, owner: SecretOwner, sealed: SealedSecret): Promise<string> {
  if (sealed.keyBackend !== wrapper.backend) {
    throw new KeyUnwrapError(`The secret was wrapped by ${sealed.keyBackend}, not ${wrapper.backend}.`);
  }
  const aad = secretAad(owner);
  const dataKey = await wrapper.unwrap({ wrappedKey: Buffer.from(sealed.wrappedDataKey, "base64"), keyVersion: sealed.keyVersion }, aad);
  try {
    const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(sealed.iv, "base64")).setAAD(aad);
    decipher.setAuthTag(Buffer.from(sealed.authTag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new KeyUnwrapError("The secret could not be decrypted (wrong owner, purpose or provider, or tampered).");
  } finally {
    dataKey.fill(0);
  }
}
