/**
 * The ledger's optimistic transactions: read, decide, then one batch whose writes are guarded
 * (`create`, or `update` under the read's `lastUpdateTime`); a lost race reads and decides again
 * after a few ms of jitter. Not `runTransaction`: the Admin SDK backs off from 1 s up to 60 s
 * between attempts, and 50 calls racing for one usage document took over a minute that way.
 */
import type { Timestamp, WriteBatch } from "firebase-admin/firestore";
import { DomainError } from "../../common/errors.js";
import { GrpcStatus } from "../../common/grpcStatus.js";
import { sleep } from "../../common/time.js";
import type { CallTrace } from "../trace.js";

/**
 * Guarded writes of one usage document that may lose a race before the caller is refused with
 * `resource-exhausted` (`ai-contention`: too many of the user's requests at once). Refusals (limit, rate, cap) are decided on the read and never write, so only
 * calls that may run compete: with the cap of 3, a burst of 30 needs a handful of rounds.
 */
export const MAX_GUARDED_ATTEMPTS = 40;

/** A guarded write lost a race: read again and retry. */
export const CONFLICT = Symbol("conflict");
/** Firestore codes of a lost race: ALREADY_EXISTS (create), FAILED_PRECONDITION (lastUpdateTime), NOT_FOUND (deleted meanwhile), ABORTED. */
const RACE_CODES = new Set<unknown>([GrpcStatus.ALREADY_EXISTS, GrpcStatus.FAILED_PRECONDITION, GrpcStatus.NOT_FOUND, GrpcStatus.ABORTED]);

function isRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" && RACE_CODES.has(code);
}

/** Commits `batch`; a lost race is CONFLICT, anything else is thrown. Resolves with the first write's time. */
export async function commitGuarded(batch: WriteBatch, trace?: CallTrace): Promise<Timestamp | typeof CONFLICT> {
  try {
    const results = await (trace ? trace.trip(batch.commit()) : batch.commit());
    return results[0].writeTime;
  } catch (error) {
    if (isRace(error)) return CONFLICT;
    throw error;
  }
}

/** Retries `attempt` (read, decide, guarded write) after a lost race, with a few ms of jitter. */
export async function optimistic<T>(attempt: (round: number) => Promise<T | typeof CONFLICT>): Promise<T> {
  for (let round = 1; ; round++) {
    const outcome = await attempt(round);
    if (outcome !== CONFLICT) return outcome;
    if (round >= MAX_GUARDED_ATTEMPTS) {
      throw new DomainError("resource-exhausted", "Too many simultaneous AI requests; try again shortly.", { reason: "ai-contention" });
    }
    await sleep(Math.random() * Math.min(5 * 2 ** round, 100));
  }
}
