import { createHash, randomBytes } from "node:crypto";

/** A new invitation token: 256 random bits, URL-safe. Only its hash is ever stored. */
export function newInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The SHA-256 hash (hex) under which an invitation token is looked up. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
