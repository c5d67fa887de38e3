import { lazyGroup } from "../common/lazyGroup.js";
import type * as listModule from "./list.js";
import type * as saveModule from "./save.js";
import type * as setActiveModule from "./setActive.js";

/** The `aiConfigs-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const aiConfigs = lazyGroup({
  list: () => (require("./list.js") as typeof listModule).list,
  save: () => (require("./save.js") as typeof saveModule).save,
  setActive: () => (require("./setActive.js") as typeof setActiveModule).setActive,
});
