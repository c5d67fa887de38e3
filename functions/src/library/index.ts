import { lazyGroup } from "../common/lazyGroup.js";
import type * as storageEventsModule from "./storageEvents.js";
import type * as tokenRotationModule from "./tokenRotation.js";
import type * as deleteAssetModule from "./deleteAsset.js";

/** The `library-*` functions, each loaded on first read (common/lazyGroup.ts). */
export const library = lazyGroup({
  onFileFinalized: () => (require("./storageEvents.js") as typeof storageEventsModule).onFileFinalized,
  onFileDeleted: () => (require("./storageEvents.js") as typeof storageEventsModule).onFileDeleted,
  onMemberRemoved: () => (require("./tokenRotation.js") as typeof tokenRotationModule).onMemberRemoved,
  onTokenRotationStep: () => (require("./tokenRotation.js") as typeof tokenRotationModule).onTokenRotationStep,
  deleteAsset: () => (require("./deleteAsset.js") as typeof deleteAssetModule).deleteAsset,
});
