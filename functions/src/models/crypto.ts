/** Encrypted secrets: `secrets/{uid:purpose:provider}` (server only). */
import * as z from "zod";
import { timestamp } from "./shared.js";

/** What a secret is for; bound into its ciphertext. */
export const secretPurposes = ["aiApiKey", "oauthTokens"] as const;
export type SecretPurpose = (typeof secretPurposes)[number];

/**
 * `secrets/{uid:purpose:provider}`: envelope-encrypted API keys and OAuth tokens. No client rule
 * reaches this collection; only functions read and write it.
 */
/** The fields of one envelope-encrypted value (crypto/envelope.ts), stored or pending. */
export const sealedSecretFields = {
  format: z.literal(1),
  algorithm: z.literal("AES-256-GCM"),
  keyBackend: z.enum(["kms", "local"]),
  keyVersion: z.string(),
  wrappedDataKey: z.string(),
  iv: z.string(),
  authTag: z.string(),
  ciphertext: z.string(),
};

export const secretSchema = z.object({
  uid: z.string(),
  purpose: z.enum(secretPurposes),
  provider: z.string(),
  ...sealedSecretFields,
  updatedAt: timestamp,
});
export type StoredSecret = z.infer<typeof secretSchema>;
