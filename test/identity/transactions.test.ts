import { expect } from "chai";
import { CLOSED_TRANSACTION_ATTEMPTS, isClosedTransaction, runTransaction } from "../../functions/src/common/transaction.js";
import { db } from "../../functions/src/common/firebase.js";
import { clearEmulatorData } from "../helpers/emulators.js";

/**
 * The error the Firestore emulator gave a transaction it had closed under contention: a sign-up
 * trigger and identity-ensureProfile creating one profile at once, in CI (code and message as
 * the Admin SDK reported them in the functions' log).
 */
function closedTransactionError(): Error {
  return Object.assign(new Error("3 INVALID_ARGUMENT: Transaction is invalid or closed."), {
    code: 3,
    details: "Transaction is invalid or closed.",
  });
}

describe("runTransaction (common/transaction.ts), on the Firestore emulator", () => {
  beforeEach(clearEmulatorData);
  // Through the functions' own Admin SDK (functions/node_modules): a transaction takes only
  // references made by the same copy of the SDK.
  const counter = () => db().doc("transactionTests/counter");

  /** Runs a transaction that adds 1 to the counter, failing the first `closedRuns` runs as closed. */
  async function increment(closedRuns: number, failure = closedTransactionError) {
    let runs = 0;
    const outcome = await runTransaction(async (tx) => {
      runs++;
      const count = Number((await tx.get(counter())).get("count") ?? 0);
      if (runs <= closedRuns) throw failure();
      tx.set(counter(), { count: count + 1 });
      return count + 1;
    }).then(
      (value) => ({ value, error: null }),
      (error: unknown) => ({ value: null, error }),
    );
    return { ...outcome, runs };
  }

  it("starts a transaction the emulator closed over, and commits it once", async () => {
    const { value, error, runs } = await increment(CLOSED_TRANSACTION_ATTEMPTS - 1);
    expect(error).to.equal(null);
    expect(value).to.equal(1);
    expect(runs).to.equal(CLOSED_TRANSACTION_ATTEMPTS);
    expect((await counter().get()).get("count")).to.equal(1);
  });

  it("gives up after CLOSED_TRANSACTION_ATTEMPTS closed runs, with the emulator's error, and writes nothing", async () => {
    const { error, runs } = await increment(CLOSED_TRANSACTION_ATTEMPTS);
    expect(isClosedTransaction(error)).to.equal(true);
    expect(runs).to.equal(CLOSED_TRANSACTION_ATTEMPTS);
    expect((await counter().get()).exists).to.equal(false);
  });

  it("passes any other error through at once, an INVALID_ARGUMENT with another message too", async () => {
    const otherInvalid = () => Object.assign(new Error("3 INVALID_ARGUMENT: Value for argument is not valid."), { code: 3 });
    const plain = () => new Error("Transaction is invalid or closed.");
    for (const failure of [otherInvalid, plain]) {
      const { error, runs } = await increment(1, failure);
      expect((error as Error).message).to.equal(failure().message);
      expect(runs).to.equal(1);
      expect((await counter().get()).exists).to.equal(false);
    }
  });

  it("keeps the Admin SDK's options: a read-only transaction cannot write", async () => {
    const written = await runTransaction(
      async (tx) => {
        tx.set(counter(), { count: 1 });
        return true;
      },
      { readOnly: true },
    ).catch((error: Error) => error.message);
    expect(written).to.match(/read-only/i);
    expect((await counter().get()).exists).to.equal(false);
  });
});
