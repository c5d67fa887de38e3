/**
 * Fault injection for tests, active only in the emulator (like the other `config/emulator`
 * seams): the map `config/emulator.faults` gives, per named point, how many of its next runs
 * fail. In production `injectFault` returns at once without reading anything.
 */
import { FieldPath } from "firebase-admin/firestore";
import { emulatorConfigRef } from "./emulatorOverrides.js";
import { runTransaction } from "./transaction.js";

/** The error an injected fault throws. */
export class InjectedFault extends Error {
  constructor(readonly point: string) {
    super(`Injected fault at ${point} (config/emulator, emulator only)`);
    this.name = "InjectedFault";
  }
}

function pendingFaults(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * Throws an InjectedFault when the emulator's `config/emulator` `faults[point]` asks for one, and
 * counts it down, so that a test can make exactly the first N runs of a step fail.
 */
export async function injectFault(point: string): Promise<void> {
  const ref = emulatorConfigRef();
  if (!ref) return;
  const field = new FieldPath("faults", point);
  if (!pendingFaults((await ref.get()).get(field))) return;
  const fired = await runTransaction(async (tx) => {
    const left = pendingFaults((await tx.get(ref)).get(field));
    if (!left) return false;
    tx.update(ref, field, left - 1);
    return true;
  });
  if (fired) throw new InjectedFault(point);
}
