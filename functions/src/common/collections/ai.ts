/** Collections of the AI proxy and its credits (docs/ai.md); shapes in `models/ai.ts`. */
import { aiRequestSchema, aiUsageSchema } from "../../models/ai.js";
import { db } from "../firebase.js";
import { typedCollection } from "./typed.js";

export const aiUsage = (uid: string) => typedCollection(`users/${uid}/usage`, aiUsageSchema);
export const aiUsageRef = (uid: string, period: string) => aiUsage(uid).doc(period);
/**
 * Every user's usage documents, for the reservation sweeper (by `sweepKey`). Untyped: the
 * sweeper parses each document on its own, so one malformed document blocks nothing.
 */
export const allAiUsage = () => db().collectionGroup("usage");

export const aiRequests = (uid: string) => typedCollection(`users/${uid}/aiRequests`, aiRequestSchema);
