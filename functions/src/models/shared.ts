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

/** Firestore refuses ids longer than this, in UTF-8 bytes. */
export const MAX_DOCUMENT_ID_BYTES = 1500;

/** Firestore reserves ids that start and end with two underscores. */
const RESERVED_ID = /^__.*__$/s;

const utf8 = new TextEncoder();

/** Why `id` cannot name a Firestore document, or null when it can. */
export function documentIdProblem(id: string): string | null {
  if (id.length === 0) return "must not be empty";
  if (id.includes("/")) return "must not contain '/'";
  if (id === "." || id === "..") return "must not be '.' or '..'";
  if (RESERVED_ID.test(id)) return "must not start and end with '__'";
  if (utf8.encode(id).length > MAX_DOCUMENT_ID_BYTES) return `must be at most ${MAX_DOCUMENT_ID_BYTES} bytes`;
  return null;
}

/**
 * A Firestore document id from a client (team, user, invitation, asset, persona ids): every
 * callable that takes an id parses it with this, so an id Firestore would refuse is an
 * `invalid-argument` naming the field instead of an `internal` error from the SDK.
 */
export const documentId = z.string().superRefine((id, ctx) => {
  const problem = documentIdProblem(id);
  if (problem) ctx.addIssue({ code: "custom", message: `${problem} (a document id)` });
});

/**
 * Characters a display name may not contain: controls (CR/LF, NUL, ...), format characters
 * (bidi overrides and isolates, zero-width spaces and joiners, the BOM, tag characters), line
 * and paragraph separators, and the Hangul fillers that render as nothing. Names reach other
 * users' screens and the platform's own emails; these let a name hide or reorder text.
 * firestore.rules refuses the same set (`isDisplayName`); the format characters are also listed
 * by code point because the rules engine's Unicode tables lack some (the bidi isolates).
 */
export const REFUSED_NAME_CHARACTERS =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]/u;
const REFUSED_NAME_CHARACTERS_ALL = new RegExp(REFUSED_NAME_CHARACTERS.source, "gu");

/** A user-chosen display name (team, profile): trimmed, 1–`max` characters, nothing hidden. */
export function displayName(max: number) {
  return z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((name) => !REFUSED_NAME_CHARACTERS.test(name), "must not contain control, bidi or invisible characters");
}

/**
 * A name from a source that cannot be refused (an Auth display name set by the client, a
 * document written before the rules refused these characters): the refused characters are
 * removed and the rest trimmed. May return an empty string.
 */
export function cleanName(name: string): string {
  return name.replace(REFUSED_NAME_CHARACTERS_ALL, "").trim();
}

/** The response of a callable that returns nothing: `{}`. */
export const emptyResponse = z.strictObject({});
export type EmptyResponse = z.infer<typeof emptyResponse>;

/** The fields of one envelope-encrypted value (crypto/envelope.ts), stored or pending. */
export const sealedSecretFields = {
  format: z.literal(1),
  algorithm: z.literal("AES-256-GCM"),
  keyBackend: z.enum(["kms", "local"]),
  keyVersion: z.string(),
  wrappedDataKey: z.string(),
  iv: z.string(),
  authTag: z.string(),
  ciphertext: z.string(),
};
