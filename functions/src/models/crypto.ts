/** Encrypted secrets: `secrets/{uid:purpose:provider}` (server only). */
import * as z from "zod";
import { sealedSecretFields, timestamp } from "./shared.js";

/** What a secret is for; bound into its ciphertext. */
export const secretPurposes = ["aiApiKey", "oauthTokens"] as const;
export type SecretPurpose = (typeof secretPurposes)[number];

/**
 * `secrets/{uid:purpose:provider}`: envelope-encrypted API keys and OAuth tokens. No client rule
 * reaches this collection; only functions read and write it.
 */
export const secretSchema = z.object({
  uid: z.string(),
  purpose: z.enum(secretPurposes),
  provider: z.string(),
  ...sealedSecretFields,
  updatedAt: timestamp,
});
export type StoredSecret = z.infer<typeof secretSchema>;
