/** Counts what one AI call costs in Firestore round trips (logged with `ai.settled`, read by the bench; never stored). */
export class CallTrace {
  firestoreRoundTrips = 0;

  /** Awaits `operation`, counting it as one round trip. */
  async trip<T>(operation: Promise<T>): Promise<T> {
    this.firestoreRoundTrips += 1;
    return operation;
  }
}
