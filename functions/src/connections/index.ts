export { start } from "./start.js";
export { callback } from "./callback.js";
export { getPending, complete } from "./complete.js";
export { disconnect } from "./disconnect.js";
export { refreshTokensSchedule } from "./sweep.js";
export { onRevocationQueued } from "./cleanup.js";
