/** Counts what one AI call costs in Firestore round trips (stored on the settled request). */
export class CallTrace {
  firestoreRoundTrips = 0;

  /** Awaits `operation`, counting it as one round trip. */
  async trip<T>(operation: Promise<T>): Promise<T> {
    this.firestoreRoundTrips += 1;
    return operation;
  }
}
