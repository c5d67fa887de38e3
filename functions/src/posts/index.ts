export { onPostWritten } from "./trigger.js";
export { publishTask } from "./task.js";
export { sweep } from "./sweeper.js";
export { publishNow } from "./publishNow.js";
export { retry } from "./retry.js";
