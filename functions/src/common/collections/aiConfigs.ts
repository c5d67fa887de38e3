/** Collections of AI provider configuration (docs/aiConfigs.md); shapes in `models/aiConfigs.ts`. */
import { aiConfigSaveWindowSchema, aiConfigSchema } from "../../models/aiConfigs.js";
import { typedCollection, typedDoc } from "./typed.js";

/** `users/{uid}/aiConfigs/{providerId}`: readable by the owner, never holds a key. */
export const aiConfigs = (uid: string) => typedCollection(`users/${uid}/aiConfigs`, aiConfigSchema);

export const aiConfigSaveWindowRef = (uid: string) => typedDoc(`users/${uid}/aiState/configSaves`, aiConfigSaveWindowSchema);
