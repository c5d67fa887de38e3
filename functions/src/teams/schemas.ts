import { z } from "zod";
import { displayName } from "../common/names.js";

/** A team's display name: trimmed, 1–100 characters, no control, bidi or invisible characters. */
export const teamName = displayName(100);

/** An email address, trimmed and lowercased before it is checked. */
export const emailAddress = z.string().trim().toLowerCase().pipe(z.email("must be an email address").max(254));
