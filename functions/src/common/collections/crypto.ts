/** Collections of encrypted secrets (docs/crypto.md); shapes in `models/crypto.ts`. */
import { secretSchema } from "../../models/crypto.js";
import { typedCollection } from "./typed.js";

/**
 * `secrets/{uid:purpose:provider}`: envelope-encrypted API keys and OAuth tokens. No client rule
 * reaches this collection; only functions read and write it.
 */
export const secrets = () => typedCollection("secrets", secretSchema);
