import { logWarn } from "../common/logs.js";
import { eventTooOld } from "../common/eventAge.js";
import { retriedUser } from "./authEvents.js";
import { createMissingProfile } from "./createProfile.js";

/** Sign-up: profile, personal team, owner membership and `general` channel. */
export const onUserCreated = retriedUser.onCreate(async (user, context) => {
  if (eventTooOld(context.timestamp)) {
    logWarn("identity.signUpEventTooOld", { uid: user.uid, eventId: context.eventId, timestamp: context.timestamp });
    return;
  }
  await createMissingProfile({ uid: user.uid, email: user.email, displayName: user.displayName });
});
