import { lazyGroup } from "../common/lazyGroup.js";
import type * as getModule from "./get.js";
import type * as acceptModule from "./accept.js";
import type * as declineModule from "./decline.js";

/** The `invitations-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const invitations = lazyGroup({
  get: () => (require("./get.js") as typeof getModule).get,
  accept: () => (require("./accept.js") as typeof acceptModule).accept,
  decline: () => (require("./decline.js") as typeof declineModule).decline,
});
