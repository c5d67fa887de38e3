export { onChannelDeleted, onMessageCreated, onMessageDeleted } from "./triggers.js";
