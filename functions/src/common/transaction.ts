import type { ReadOnlyTransactionOptions, ReadWriteTransactionOptions, Transaction } from "firebase-admin/firestore";
import { db } from "./firebase.js";
import { GrpcStatus, grpcCode } from "./grpcStatus.js";
import { logWarn } from "./logs.js";
import { sleep } from "./time.js";

/** How many times in all `runTransaction` starts a transaction that the emulator closed. */
export const CLOSED_TRANSACTION_ATTEMPTS = 4;

/**
 * True for the Firestore emulator's answer to a read or commit in a transaction that it has
 * already ended under lock contention: INVALID_ARGUMENT "Transaction is invalid or closed."
 * (firebase/firebase-tools#4473). Production ends such a transaction with ABORTED, which the
 * Admin SDK retries; the SDK retries INVALID_ARGUMENT only for "transaction has expired".
 */
export function isClosedTransaction(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return (
    grpcCode(error) === GrpcStatus.INVALID_ARGUMENT && typeof message === "string" && /Transaction is invalid or closed/i.test(message)
  );
}

/**
 * Every function's Firestore transaction: the Admin SDK's `runTransaction`, started over when
 * the transaction was closed under contention (`isClosedTransaction`). The SDK re-runs `update`
 * on its own retryable errors already, so `update` is re-runnable by contract and running it
 * again after this one is as safe. Each start-over is logged (`firestore.transactionClosed`).
 * Seen in the emulator when a sign-up trigger and `identity-ensureProfile` create one user's
 * profile at once (in CI; docs/emulators.md, "Transactions under contention").
 */
export async function runTransaction<T>(
  update: (tx: Transaction) => Promise<T>,
  options?: ReadWriteTransactionOptions | ReadOnlyTransactionOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db().runTransaction(update, options);
    } catch (error) {
      if (attempt >= CLOSED_TRANSACTION_ATTEMPTS || !isClosedTransaction(error)) throw error;
      logWarn("firestore.transactionClosed", { attempt });
      await sleep(50 * attempt + Math.random() * 100);
    }
  }
}
