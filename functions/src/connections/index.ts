import { lazyGroup } from "../common/lazyGroup.js";
import type * as startModule from "./start.js";
import type * as callbackModule from "./callback.js";
import type * as completeModule from "./complete.js";
import type * as disconnectModule from "./disconnect.js";
import type * as sweepModule from "./sweep.js";
import type * as revocationsModule from "./revocations.js";

/** The `connections-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const connections = lazyGroup({
  start: () => (require("./start.js") as typeof startModule).start,
  callback: () => (require("./callback.js") as typeof callbackModule).callback,
  getPending: () => (require("./complete.js") as typeof completeModule).getPending,
  complete: () => (require("./complete.js") as typeof completeModule).complete,
  disconnect: () => (require("./disconnect.js") as typeof disconnectModule).disconnect,
  refreshTokensSchedule: () => (require("./sweep.js") as typeof sweepModule).refreshTokensSchedule,
  onRevocationQueued: () => (require("./revocations.js") as typeof revocationsModule).onRevocationQueued,
});
