import { lazyGroup } from "../common/lazyGroup.js";
import type * as deleteChannelTaskModule from "./deleteChannelTask.js";
import type * as triggersModule from "./triggers.js";

/** The `chat-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const chat = lazyGroup({
  onChannelDeleted: () => (require("./triggers.js") as typeof triggersModule).onChannelDeleted,
  onMessageDeleted: () => (require("./triggers.js") as typeof triggersModule).onMessageDeleted,
  deleteChannelPage: () => (require("./deleteChannelTask.js") as typeof deleteChannelTaskModule).deleteChannelPageTask,
});
