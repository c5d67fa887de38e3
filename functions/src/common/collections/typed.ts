/**
 * One place per collection: each domain's module in this folder holds the paths of its
 * collections and their typed getters, built from its model schema (`../../models/<domain>.ts`).
 * Handlers reach Firestore through these getters and never spell a collection path themselves;
 * they import shapes from the model module itself. One module per domain so that a function
 * builds only the schemas of the collections it touches (zod builds a schema when its module
 * loads; docs/architecture.md). This module holds what they all share.
 */
import {
  FieldValue,
  type CollectionReference,
  type DocumentData,
  type DocumentReference,
  type FirestoreDataConverter,
  type QueryDocumentSnapshot,
} from "firebase-admin/firestore";
import type { z } from "zod";
import { db } from "../firebase.js";

/** Builds a converter that validates what it reads against `schema`. */
export function converter<T extends DocumentData>(schema: z.ZodType<T>): FirestoreDataConverter<T> {
  return {
    toFirestore: (data) => data as DocumentData,
    fromFirestore: (snapshot: QueryDocumentSnapshot) => schema.parse(snapshot.data()),
  };
}

/** The collection at `path`, read through `schema`. */
export function typedCollection<T extends DocumentData>(path: string, schema: z.ZodType<T>): CollectionReference<T> {
  return db().collection(path).withConverter(converter(schema));
}

/** The document at `path`, read through `schema`. */
export function typedDoc<T extends DocumentData>(path: string, schema: z.ZodType<T>): DocumentReference<T> {
  return db().doc(path).withConverter(converter(schema));
}

/** Server timestamp for writes (clients never choose times). */
export const serverNow = () => FieldValue.serverTimestamp();
