/**
 * Account deletion takes a while: its `userDeletions/{uid}` record is written first and the
 * profile is deleted last (identity/deleteUserData.ts), and an ID token stays valid for up to an
 * hour after the Auth user is gone. A callable that writes on the caller's behalf checks the
 * record here, inside its own transaction, so that nothing it writes undoes a deletion under way
 * (a team owned by the deleted uid, a ghost member holding a seat, a new secret). The sign-up
 * path (identity/createProfile.ts) reads the same record.
 */
import type { Transaction } from "firebase-admin/firestore";
import { userDeletionRef } from "./collections/identity.js";
import { failedPrecondition } from "./errors.js";

/** The refusal of a deleted account (`details.reason: 'account-deleted'`, CONTRACT §1). */
export function accountDeleted() {
  return failedPrecondition("This account has been deleted.", { reason: "account-deleted" });
}

/**
 * Refuses, with `accountDeleted`, an account whose deletion has started. A read of `tx`: call it
 * with the transaction's other reads, before any write. Once the record is committed every later
 * transaction sees it; a transaction that committed before it wrote what the cleanup steps, which
 * run after the record, remove.
 */
export async function requireActiveAccount(tx: Transaction, uid: string): Promise<void> {
  if ((await tx.get(userDeletionRef(uid))).exists) throw accountDeleted();
}
