export { onChannelDeleted, onMessageDeleted } from "./triggers.js";
export { deleteChannelPageTask as deleteChannelPage } from "./deleteChannel.js";
