/**
 * Where an account's tokens live: one envelope-encrypted secret (purpose `oauthTokens`) per
 * account, owned by the team (`team:<teamId>`, provider = account id), so that the AAD binds the
 * ciphertext to exactly that team and account. Nothing else stores a token.
 */
import type { DocumentReference, WithFieldValue } from "firebase-admin/firestore";
import { logError } from "../common/logs.js";
import type { SealedSecret, SecretOwner } from "../crypto/envelope.js";
import { readSecret, sealFor, secretDocument, secretRef, SecretUnreadableError } from "../crypto/secretStore.js";
import { storedTokensSchema, type StoredTokens } from "./tokens.js";

/** A transaction or a batch: what writes the tokens together with the account. */
export interface Writer {
  set<T>(ref: DocumentReference<T>, data: WithFieldValue<T>): unknown;
  delete(ref: DocumentReference): unknown;
}

/** The secret owner of a team's account tokens. */
export function teamSecretUid(teamId: string): string {
  return `team:${teamId}`;
}

export function accountSecretOwner(teamId: string, accountId: string): SecretOwner {
  return { uid: teamSecretUid(teamId), purpose: "oauthTokens", provider: accountId };
}

/** Encrypts tokens for an account; call before the transaction that stores them. */
export function sealTokens(teamId: string, accountId: string, tokens: StoredTokens): Promise<SealedSecret> {
  return sealFor(accountSecretOwner(teamId, accountId), JSON.stringify(storedTokensSchema.parse(tokens)));
}

export function writeSealedTokens(writer: Writer, teamId: string, accountId: string, sealed: SealedSecret): void {
  const owner = accountSecretOwner(teamId, accountId);
  writer.set(secretRef(owner), secretDocument(owner, sealed));
}

export function deleteTokens(writer: Writer, teamId: string, accountId: string): void {
  writer.delete(secretRef(accountSecretOwner(teamId, accountId)));
}

/** Why an account has no tokens to use: none are stored, or the stored ones can no longer be read. */
export type MissingTokensReason = "no-tokens" | "tokens-unreadable";

export type AccountTokensRead = { tokens: StoredTokens } | { tokens: null; missing: MissingTokensReason };

/**
 * The account's tokens, or why there are none: `tokens-unreadable` when the stored secret no
 * longer decrypts (tampered, another key) or parses; connecting the account again replaces it. A
 * failure that may pass (Cloud KMS unavailable) throws: the tokens may well be fine.
 */
export async function loadAccountTokens(teamId: string, accountId: string): Promise<AccountTokensRead> {
  let plaintext: string | null;
  try {
    plaintext = await readSecret(accountSecretOwner(teamId, accountId));
  } catch (error) {
    if (error instanceof SecretUnreadableError) return { tokens: null, missing: "tokens-unreadable" };
    throw error;
  }
  if (plaintext === null) return { tokens: null, missing: "no-tokens" };
  try {
    return { tokens: storedTokensSchema.parse(JSON.parse(plaintext)) };
  } catch (error) {
    logError("connections.tokensUnreadable", error, { teamId, accountId });
    return { tokens: null, missing: "tokens-unreadable" };
  }
}

/** The account's tokens, or null when none are stored or they can no longer be read (`loadAccountTokens`). */
export async function readAccountTokens(teamId: string, accountId: string): Promise<StoredTokens | null> {
  return (await loadAccountTokens(teamId, accountId)).tokens;
}
