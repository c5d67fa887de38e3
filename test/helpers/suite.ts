/** The hooks every emulator suite registers, so that each test starts from empty emulators. */
import { closeClients } from "./clients.js";
import { clearEmulatorData, clearStorageData, setBackgroundTriggers } from "./emulators.js";

/**
 * Before each test of the current suite, empties Firestore and Auth (and Storage, with
 * `{ storage: true }`), then switches the background triggers on if a rules file switched them
 * off (test/helpers/rules.ts `clearAndSeed`): after the clear, so that the rules tests' documents
 * go without starting delete triggers. After each test, closes the client apps it opened.
 */
export function useEmptyEmulators(options: { storage?: boolean } = {}): void {
  beforeEach(async () => {
    await clearEmulatorData();
    if (options.storage) await clearStorageData();
    await setBackgroundTriggers(true);
  });
  afterEach(closeClients);
}
