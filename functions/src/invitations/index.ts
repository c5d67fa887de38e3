export { get } from "./get.js";
export { accept } from "./accept.js";
export { decline } from "./decline.js";
