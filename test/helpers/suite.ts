/** The hooks every emulator suite registers, so that each test starts from empty emulators. */
import { closeClients } from "./clients.js";
import { clearEmulatorData, clearStorageData } from "./emulators.js";

/**
 * Before each test of the current suite, empties Firestore and Auth (and Storage, with
 * `{ storage: true }`); after each, closes the client apps the test opened.
 */
export function useEmptyEmulators(options: { storage?: boolean } = {}): void {
  beforeEach(async () => {
    await clearEmulatorData();
    if (options.storage) await clearStorageData();
  });
  afterEach(closeClients);
}
