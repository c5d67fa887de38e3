/**
 * firestore.indexes.json as the tests read it: the emulator serves every query without an index,
 * so the indexes a query needs in production are checked against this file instead.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface IndexField {
  fieldPath: string;
  order?: "ASCENDING" | "DESCENDING";
  arrayConfig?: "CONTAINS";
}

export interface CompositeIndex {
  collectionGroup: string;
  queryScope: "COLLECTION" | "COLLECTION_GROUP";
  fields: IndexField[];
}

export interface FieldOverride {
  collectionGroup: string;
  fieldPath: string;
  ttl?: boolean;
  indexes: Array<{ order?: string; arrayConfig?: string; queryScope: string }>;
}

export const indexFile = JSON.parse(readFileSync(join(__dirname, "..", "..", "firestore.indexes.json"), "utf8")) as {
  indexes: CompositeIndex[];
  fieldOverrides: FieldOverride[];
};

/** The declared single-field settings of one field of a collection group, if any. */
export const fieldOverride = (collectionGroup: string, fieldPath: string): FieldOverride | undefined =>
  indexFile.fieldOverrides.find((entry) => entry.collectionGroup === collectionGroup && entry.fieldPath === fieldPath);
