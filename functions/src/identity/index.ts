export { onUserCreated, onUserDeleted } from "./triggers.js";
