import { z } from "zod";

/** Firestore refuses ids longer than this, in UTF-8 bytes. */
export const MAX_DOCUMENT_ID_BYTES = 1500;

/** Firestore reserves ids that start and end with two underscores. */
const RESERVED_ID = /^__.*__$/s;

/** Why `id` cannot name a Firestore document, or null when it can. */
export function documentIdProblem(id: string): string | null {
  if (id.length === 0) return "must not be empty";
  if (id.includes("/")) return "must not contain '/'";
  if (id === "." || id === "..") return "must not be '.' or '..'";
  if (RESERVED_ID.test(id)) return "must not start and end with '__'";
  if (Buffer.byteLength(id, "utf8") > MAX_DOCUMENT_ID_BYTES) return `must be at most ${MAX_DOCUMENT_ID_BYTES} bytes`;
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
