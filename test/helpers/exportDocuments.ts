/**
 * Exports every Firestore document of the test project, recursively (top-level collections,
 * then each document's subcollections), as the Admin SDK sees it. Bytes (Buffers) are rendered as base64
 * so that a scan for secrets sees them too.
 */
import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { adminDb } from "./admin.js";

export interface ExportedDocument {
  path: string;
  /** The document's data as JSON text. */
  json: string;
}

function replacer(_key: string, value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (value instanceof Timestamp) return value.toDate().toISOString();
  return value;
}

async function exportDocument(ref: DocumentReference, out: ExportedDocument[]): Promise<void> {
  const snapshot = await ref.get();
  if (snapshot.exists) out.push({ path: ref.path, json: JSON.stringify(snapshot.data(), replacer) });
  for (const collection of await ref.listCollections()) {
    for (const child of await collection.listDocuments()) await exportDocument(child, out);
  }
}

export async function exportAllDocuments(): Promise<ExportedDocument[]> {
  const out: ExportedDocument[] = [];
  for (const collection of await adminDb().listCollections()) {
    for (const ref of await collection.listDocuments()) await exportDocument(ref, out);
  }
  return out;
}
