/**
 * Where an account's tokens live: one envelope-encrypted secret (purpose `oauthTokens`) per
 * account, owned by the team (`team:<teamId>`, provider = account id), so that the AAD binds the
 * ciphertext to exactly that team and account. Nothing else stores a token.
 */
import type { DocumentReference, WithFieldValue } from "firebase-admin/firestore";
import { logError } from "../common/logs.js";
import type { SealedSecret, SecretOwner } from "../crypto/envelope.js";
import { readSecret, sealFor, secretDocument, secretRef } from "../crypto/secretStore.js";
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

/** The account's tokens, or null when none are stored or they no longer parse. */
export async function readAccountTokens(teamId: string, accountId: string): Promise<StoredTokens | null> {
  const plaintext = await readSecret(accountSecretOwner(teamId, accountId));
  if (plaintext === null) return null;
  try {
    return storedTokensSchema.parse(JSON.parse(plaintext));
  } catch (error) {
    logError("connections.tokensUnreadable", error, { teamId, accountId });
    return null;
  }
}
