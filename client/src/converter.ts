import type {
  DocumentData,
  FirestoreDataConverter,
  PartialWithFieldValue,
  QueryDocumentSnapshot,
  SnapshotOptions,
} from "firebase/firestore";
import type { z } from "zod";

/** A document that does not have the shape its collection promises. */
export class InvalidDocumentError extends Error {
  constructor(
    readonly path: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`${path} is not a valid document: ${issues.map((i) => `${i.path.join(".") || "document"}: ${i.message}`).join("; ")}`);
    this.name = "InvalidDocumentError";
  }
}

/**
 * A converter that validates what it reads against `schema`. Server timestamps that are still
 * pending in a latency-compensated snapshot read as the SDK's estimate (instead of `null`),
 * so a document the user just wrote already has its shape. Fields the schema does not know
 * are dropped, so documents written by a newer backend still read.
 */
export function converter<T extends DocumentData>(schema: z.ZodType<T>): FirestoreDataConverter<T, DocumentData> {
  return {
    toFirestore: (data: PartialWithFieldValue<T>) => data as DocumentData,
    fromFirestore(snapshot: QueryDocumentSnapshot, options?: SnapshotOptions): T {
      const parsed = schema.safeParse(snapshot.data({ serverTimestamps: "estimate", ...options }));
      if (!parsed.success) throw new InvalidDocumentError(snapshot.ref.path, parsed.error.issues);
      return parsed.data;
    },
  };
}
