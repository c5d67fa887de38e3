import { createHash } from "node:crypto";
import type { PlatformDefinition } from "./platforms.js";

/**
 * The id of a connected account in its team: derived from the platform and the platform's
 * account id, so that connecting the same platform account again (even concurrently) lands on
 * the same document. `<slug>_<22 base64url chars of sha256>`.
 */
export function connectedAccountId(definition: Pick<PlatformDefinition, "slug">, platformAccountId: string): string {
  const digest = createHash("sha256").update(`${definition.slug}\n${platformAccountId}`).digest("base64url");
  return `${definition.slug}_${digest.slice(0, 22)}`;
}

/** sha256 hex of an opaque value (OAuth `state`): what is stored instead of the value. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
