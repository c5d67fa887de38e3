// Root hooks for every test file: the emulators must be there, or the run fails (never skips).
import { setLogLevel } from "firebase/firestore";
import { discoverEmulators } from "./emulators.js";
import "./protoCache.js";

// Denied writes are expected in rules tests; the SDK would log each one.
setLogLevel("silent");

export const mochaHooks = {
  async beforeAll() {
    await discoverEmulators(["auth", "firestore", "functions", "storage"]);
  },
};
