import type { DeploymentOptions } from "firebase-functions/v1";
import * as auth from "firebase-functions/v1/auth";
import { region } from "../common/params.js";

// Firebase Auth's create/delete events are 1st-gen triggers here (2nd gen's are `@beta` in
// firebase-functions 7.4; docs/identity.md). The two triggers live in two modules
// (signUpTrigger.ts, deletionTrigger.ts), so that a sign-up instance does not load account
// deletion and every domain's cleanup step.

/**
 * What `v1.runWith(options).auth.user()` calls. `runWith` exists only in the `firebase-functions/v1`
 * barrel, which loads every 1st-gen provider (Realtime Database, Firestore, Pub/Sub, ...: about
 * 30 ms of a cold start); the `firebase-functions/v1/auth` subpath exports this builder at run
 * time but leaves it out of its types (`@internal`). docs/identity.md weighs the choice;
 * test/unit/deployConfig.test.ts checks the options reach the manifest.
 */
interface AuthProviderWithOptions {
  _userWithOptions(options: DeploymentOptions, userOptions: auth.UserOptions): auth.UserBuilder;
}

const { _userWithOptions: userWithOptions } = auth as unknown as Partial<AuthProviderWithOptions>;
if (typeof userWithOptions !== "function") {
  throw new Error(
    "firebase-functions/v1/auth no longer exports _userWithOptions: see docs/identity.md, Auth triggers without the v1 barrel",
  );
}

/**
 * Retried on failure: a transient error must not leave a user without a profile. The region is
 * given here because `setGlobalOptions` (common/globalOptions.ts) reaches 2nd-gen functions only.
 */
export const retriedUser: auth.UserBuilder = userWithOptions({ failurePolicy: true, timeoutSeconds: 300, regions: [region] }, {});
