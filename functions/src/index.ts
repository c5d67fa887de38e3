/**
 * The functions entry point: initialises the Admin app and re-exports each domain's
 * functions, grouped so that they deploy as `<group>-<name>` (e.g. `teams-create`).
 * Nothing else belongs here; heavy SDKs load lazily inside the code paths that use them.
 */
import "./common/globalOptions.js";
import { app } from "./common/firebase.js";

app();

export * as identity from "./identity/index.js";
export * as aiConfigs from "./aiConfigs/index.js";
export * as teams from "./teams/index.js";
export * as invitations from "./invitations/index.js";
export * as library from "./library/index.js";
export * as chat from "./chat/index.js";
export * as ai from "./ai/index.js";
export * as connections from "./connections/index.js";
export * as posts from "./posts/index.js";
