import { z } from "zod";

/** A Firestore document id as the frontend receives it (auto-ids, uids). */
export const docId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "must be a document id (letters, digits, _ or -, up to 128)");

/** A team's display name: trimmed, 1–100 characters. */
export const teamName = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

/** An email address, trimmed and lowercased before it is checked. */
export const emailAddress = z.string().trim().toLowerCase().pipe(z.email("must be an email address").max(254));
