export { onFileFinalized, onFileDeleted } from "./storageEvents.js";
export { onMemberRemoved, onTokenRotationStep } from "./tokenRotation.js";
export { deleteAsset } from "./deleteAsset.js";
