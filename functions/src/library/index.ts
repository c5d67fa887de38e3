export { onAssetUploaded } from "./recordAsset.js";
export { deleteAsset } from "./deleteAsset.js";
