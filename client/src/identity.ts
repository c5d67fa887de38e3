/** Sign-up: waiting for the profile the trigger creates (CONTRACT §1). */
import { onSnapshot, type Firestore } from "firebase/firestore";
import type { Functions } from "firebase/functions";
import type { EnsureProfileResponse } from "../../functions/src/models/identity.js";
import { callables } from "./callables.js";
import { userRef } from "./collections.js";

/**
 * Waits for `users/{uid}` after sign-up; when the sign-up trigger has not created it within
 * `waitMs`, asks `identity-ensureProfile` to create it. Resolves `{ created: false }` when the
 * trigger did the work.
 */
export function ensureProfile(db: Firestore, functions: Functions, uid: string, waitMs = 5_000): Promise<EnsureProfileResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => Promise<EnsureProfileResponse> | EnsureProfileResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      Promise.resolve().then(outcome).then(resolve, reject);
    };
    const timer = setTimeout(() => finish(() => callables(functions).identity.ensureProfile({})), waitMs);
    const unsubscribe = onSnapshot(
      userRef(db, uid),
      (snapshot) => {
        if (snapshot.exists()) finish(() => ({ created: false }));
      },
      () => finish(() => callables(functions).identity.ensureProfile({})),
    );
  });
}
