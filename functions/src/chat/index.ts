export { onChannelDeleted, onMessageDeleted } from "./triggers.js";
