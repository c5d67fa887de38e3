/** Collections of identity (docs/identity.md); shapes in `models/identity.ts`. */
import type { DocumentReference } from "firebase-admin/firestore";
import {
  roleLimitsReadSchema,
  userDeletionSchema,
  userReadSchema,
  userReconcilerStateSchema,
  type UserProfile,
} from "../../models/identity.js";
import { typedCollection, typedDoc } from "./typed.js";

/** Profiles are read with `userReadSchema`: the owner-written fields never make a read fail. */
export const users = () => typedCollection("users", userReadSchema);
export const userRef = (uid: string): DocumentReference<UserProfile> => users().doc(uid);

/** `userDeletions/{uid}` (server only): an account deletion, its pending cleanup steps, then a tombstone. */
export const userDeletions = () => typedCollection("userDeletions", userDeletionSchema);
export const userDeletionRef = (uid: string) => userDeletions().doc(uid);

/** `system/userReconciler` (server only). */
export const userReconcilerStateRef = () => typedDoc("system/userReconciler", userReconcilerStateSchema);

/** `config/roles` (admin-written): read as any map, each role's entry checked by `identity/roles.ts`. */
export const roleLimitsRef = () => typedDoc("config/roles", roleLimitsReadSchema);
