/** Display names: the rules live in the pure models (shared with the client package). */
export { cleanName, displayName, REFUSED_NAME_CHARACTERS } from "../models/shared.js";
