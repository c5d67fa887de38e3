import * as v1 from "firebase-functions/v1";
import { createProfile } from "./createProfile.js";
import { deleteUserData } from "./deleteUserData.js";

// Firebase Auth's create/delete events exist only as 1st-gen triggers; 2nd gen offers only
// blocking functions, which run before the user exists and need Identity Platform.

/** Sign-up: profile, personal team, owner membership and `general` channel. */
export const onUserCreated = v1.auth.user().onCreate(async (user) => {
  await createProfile({ uid: user.uid, email: user.email, displayName: user.displayName });
});

/** Account deletion: every domain's data of the user, then the profile. */
export const onUserDeleted = v1.auth.user().onDelete(async (user) => {
  await deleteUserData(user.uid);
});
