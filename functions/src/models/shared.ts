/**
 * Building blocks every model module uses. Pure: no firebase-admin and no firebase import, so
 * that the functions and the frontend's client package (`@pixasocial/client`) share them.
 */
import * as z from "zod";

/**
 * What the Admin SDK's and the Web SDK's `Timestamp` have in common. Documents are typed with
 * it so that one schema describes a document on both sides; server code still passes admin
 * `Timestamp`s, which satisfy it.
 */
export interface TimestampLike {
  readonly seconds: number;
  readonly nanoseconds: number;
  toMillis(): number;
  toDate(): Date;
}

/** A stored timestamp (any SDK's `Timestamp`). */
export const timestamp = z.custom<TimestampLike>(
  (value) => typeof value === "object" && value !== null && typeof (value as Partial<TimestampLike>).toMillis === "function",
  "must be a Timestamp",
);

/** A Firestore document id as the frontend receives it (auto-ids, uids). */
export const docId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "must be a document id (letters, digits, _ or -, up to 128)");

/** The response of a callable that returns nothing: `{}`. */
export const emptyResponse = z.strictObject({});
export type EmptyResponse = z.infer<typeof emptyResponse>;
