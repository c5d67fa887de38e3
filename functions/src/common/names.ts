import { z } from "zod";

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
