import { z } from "zod";

/**
 * Characters a display name may not contain: controls (CR/LF, NUL, ...), format characters
 * (bidi overrides and isolates, zero-width spaces and joiners, the BOM, tag characters), line
 * and paragraph separators, and the Hangul fillers that render as nothing. Names reach other
 * users' screens and the platform's own emails; these let a name hide or reorder text.
 * firestore.rules refuses the same set (`isDisplayName`).
 */
export const REFUSED_NAME_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/u;
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
