export { list } from "./list.js";
export { save } from "./save.js";
export { setActive } from "./setActive.js";
