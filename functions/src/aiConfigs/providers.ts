import { invalidArgument } from "../common/errors.js";
import { isEmulator } from "../common/firebase.js";
import { aiProviderIds, PROVIDER_CATALOG, type AiProviderId } from "./catalog.js";

/** The providers a user may configure here: every catalog entry, `Mock` only in the emulator. */
export function availableProviders(inEmulator = isEmulator()): AiProviderId[] {
  return aiProviderIds.filter((id) => inEmulator || !PROVIDER_CATALOG[id].emulatorOnly);
}

/** Throws `invalid-argument` for a provider this deployment does not offer (`Mock` in production). */
export function assertProviderAvailable(providerId: AiProviderId, field: string, inEmulator = isEmulator()): void {
  if (!availableProviders(inEmulator).includes(providerId)) {
    throw invalidArgument(`Invalid request: ${field}: ${providerId} is only available in the emulator.`);
  }
}
