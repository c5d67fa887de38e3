import type { DocumentReference, Query, WriteBatch } from "firebase-admin/firestore";
import { db } from "./firebase.js";

/** Firestore's limit of writes in one batch. */
export const MAX_BATCH_WRITES = 500;

/** Applies `write` to every reference, committing one batch per 500 writes. Returns how many. */
export async function writeInBatches<T>(
  refs: readonly DocumentReference<T>[],
  write: (batch: WriteBatch, ref: DocumentReference<T>) => void,
): Promise<number> {
  for (let start = 0; start < refs.length; start += MAX_BATCH_WRITES) {
    const batch = db().batch();
    for (const ref of refs.slice(start, start + MAX_BATCH_WRITES)) write(batch, ref);
    await batch.commit();
  }
  return refs.length;
}

/** Applies `write` to every document `query` matches, in batches of 500. Returns how many. */
export async function writeMatchesInBatches<T>(
  query: Query<T>,
  write: (batch: WriteBatch, ref: DocumentReference<T>) => void,
): Promise<number> {
  return writeInBatches(
    (await query.get()).docs.map((doc) => doc.ref),
    write,
  );
}

/** Deletes every document `query` matches, in batches of 500. Returns how many. */
export function deleteInBatches<T>(query: Query<T>): Promise<number> {
  return writeMatchesInBatches(query, (batch, ref) => batch.delete(ref));
}
