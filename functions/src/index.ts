/**
 * The functions entry point: initialises the Admin app and re-exports each domain's group of
 * functions, so that they deploy as `<group>-<name>` (e.g. `teams-create`). Nothing else
 * belongs here. Each group loads a function's module only when the runtime reads it
 * (common/lazyGroup.ts), so an instance loads its own handler's code and no other; heavy SDKs
 * load lazily inside the code paths that use them.
 */
import "./common/globalOptions.js";
import { app } from "./common/firebase.js";

app();

export { identity } from "./identity/index.js";
export { aiConfigs } from "./aiConfigs/index.js";
export { teams } from "./teams/index.js";
export { invitations } from "./invitations/index.js";
export { library } from "./library/index.js";
export { chat } from "./chat/index.js";
export { ai } from "./ai/index.js";
export { connections } from "./connections/index.js";
export { posts } from "./posts/index.js";
