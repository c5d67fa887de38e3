import { lazyGroup } from "../common/lazyGroup.js";
import type * as triggerModule from "./trigger.js";
import type * as taskModule from "./task.js";
import type * as sweeperModule from "./sweeper.js";
import type * as publishNowModule from "./publishNow.js";
import type * as retryModule from "./retry.js";

/** The `posts-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const posts = lazyGroup({
  onPostWritten: () => (require("./trigger.js") as typeof triggerModule).onPostWritten,
  publishTask: () => (require("./task.js") as typeof taskModule).publishTask,
  sweep: () => (require("./sweeper.js") as typeof sweeperModule).sweep,
  publishNow: () => (require("./publishNow.js") as typeof publishNowModule).publishNow,
  retry: () => (require("./retry.js") as typeof retryModule).retry,
});
