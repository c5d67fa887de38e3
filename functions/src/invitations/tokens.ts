import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** A new invitation token: 256 random bits, URL-safe. Only its hash is ever stored. */
export function newInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The SHA-256 hash (hex) under which an invitation token is looked up. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** An invitation token as the accept link carries it. */
export const invitationToken = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,128}$/, "must be an invitation token");

export const tokenInput = z.strictObject({ token: invitationToken });
export type TokenInput = z.output<typeof tokenInput>;
