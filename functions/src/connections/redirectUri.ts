/**
 * The redirect URI registered with every platform: the `connections-callback` function's URL
 * plus `/<platform slug>`, so that the callback knows which platform answered before it looks
 * at the state (a state used on another platform's callback is refused).
 */
import type { CallableRequest } from "firebase-functions/v2/https";
import { emulatorOverrides } from "../common/emulatorOverrides.js";
import { isEmulator } from "../common/firebase.js";
import { connectionsCallbackUrl, region } from "../common/params.js";
import type { PlatformDefinition } from "./platforms.js";

function projectId(): string {
  return process.env.GCLOUD_PROJECT ?? process.env.GCP_PROJECT ?? "";
}

/**
 * The callback's base URL: the `CONNECTIONS_CALLBACK_URL` param; else, in the emulator,
 * `config/emulator.connectionsCallbackUrl` or the functions emulator's own address (the host
 * the callable was reached on); else the default Cloud Functions URL.
 */
async function callbackBase(rawRequest: CallableRequest["rawRequest"]): Promise<string> {
  const configured = connectionsCallbackUrl.value();
  if (configured) return configured;
  if (isEmulator()) {
    const { connectionsCallbackUrl: override } = await emulatorOverrides("connectionsCallbackUrl");
    if (override) return override;
    return `http://${rawRequest.headers.host ?? "127.0.0.1:5001"}/${projectId()}/${region.value()}/connections-callback`;
  }
  return `https://${region.value()}-${projectId()}.cloudfunctions.net/connections-callback`;
}

export async function redirectUriFor(definition: PlatformDefinition, rawRequest: CallableRequest["rawRequest"]): Promise<string> {
  return `${(await callbackBase(rawRequest)).replace(/\/+$/, "")}/${definition.slug}`;
}
