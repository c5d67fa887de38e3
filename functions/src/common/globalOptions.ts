import { setGlobalOptions } from "firebase-functions/v2";
import { region } from "./params.js";

// Imported first by index.ts so that every 2nd-gen function of every domain shares these.
setGlobalOptions({ region, maxInstances: 20 });
