import { setGlobalOptions } from "firebase-functions/v2/options";
import { region } from "./params.js";

// Imported first by index.ts so that every 2nd-gen function of every domain shares these; from
// firebase-functions/v2/options rather than v2, which would load every trigger provider.
setGlobalOptions({ region, maxInstances: 20 });
