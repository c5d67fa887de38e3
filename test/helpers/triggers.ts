/**
 * Drives functions the way the platform would, where the emulator does not: scheduled functions
 * (never run on a schedule in the emulator), redelivered Auth events (the emulator never
 * retries a failed event, production does with `failurePolicy`), and the emulator-only fault
 * injection seam of `config/emulator`.
 */
import { adminDb } from "./admin.js";
import { emulators, PROJECT_ID } from "./emulators.js";

function triggerUrl(triggerId: string): string {
  const { host, port } = emulators.functions();
  return `http://${host}:${port}/functions/projects/${PROJECT_ID}/triggers/${triggerId}`;
}

/**
 * POSTs an event to a trigger. The emulator kills a worker whose background function threw, and
 * a request that reaches that worker meanwhile fails with a reset or refused connection (a 500
 * whose body says `ECONNRESET` or `ECONNREFUSED`). Like the platform, which redelivers an event until it is acknowledged
 * (failurePolicy), this sends it again, up to 3 times in all; other failures are not retried.
 */
async function post(triggerId: string, body: unknown, attempts = 3): Promise<void> {
  const response = await fetch(triggerUrl(triggerId), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status < 300) return;
  const text = await response.text();
  if (attempts > 1 && /ECONNRESET|ECONNREFUSED/.test(text)) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return post(triggerId, body, attempts - 1);
  }
  throw new Error(`${triggerId} answered ${response.status}: ${text}`);
}

/** Runs a scheduled function once (EMULATORS.md), e.g. `runScheduled('identity-reconcileUsers')`. */
export async function runScheduled(name: string): Promise<void> {
  await post(`us-central1-${name}-0`, {});
}

/** The Auth user fields an Auth event carries (as the Auth emulator sends them). */
export interface AuthEventUser {
  uid: string;
  email?: string;
  displayName?: string;
}

/**
 * Delivers a 1st-gen Auth event (`create` or `delete`) to its trigger, as the platform does when
 * it retries an event: same body format as the Auth emulator's, with the event's own time.
 */
export async function deliverAuthEvent(
  action: "create" | "delete",
  user: AuthEventUser,
  options: { eventId?: string; timestamp?: Date } = {},
): Promise<void> {
  const trigger = action === "create" ? "identity-onUserCreated" : "identity-onUserDeleted";
  await post(`us-central1-${trigger}-0`, {
    eventId: options.eventId ?? `redelivered-${user.uid}-${action}`,
    eventType: `providers/firebase.auth/eventTypes/user.${action}`,
    resource: { name: `projects/${PROJECT_ID}`, service: "firebaseauth.googleapis.com" },
    params: {},
    timestamp: (options.timestamp ?? new Date()).toISOString(),
    data: { uid: user.uid, email: user.email, displayName: user.displayName, metadata: {}, providerData: [], customClaims: {} },
  });
}

/** Makes the next `count` runs of a fault point fail (emulator only; see common/faults.ts). */
export async function injectFaults(faults: Record<string, number>): Promise<void> {
  await adminDb().doc("config/emulator").set({ faults }, { merge: true });
}

/** How many injected failures of `point` are still to come. */
export async function faultsLeft(point: string): Promise<number> {
  const faults = (await adminDb().doc("config/emulator").get()).get("faults") as Record<string, number> | undefined;
  return faults?.[point] ?? 0;
}
