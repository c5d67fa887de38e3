/**
 * Campaign collections (docs/campaign.md): written by clients under firestore.rules, read here by
 * other domains; shapes in `models/campaign.ts`.
 */
import { contentDraftSchema, operatorSchema, personaSchema, scheduledPostSchema } from "../../models/campaign.js";
import { db } from "../firebase.js";
import { converter, typedCollection } from "./typed.js";

export const personas = (teamId: string) => typedCollection(`teams/${teamId}/personas`, personaSchema);

export const operators = (teamId: string) => typedCollection(`teams/${teamId}/operators`, operatorSchema);

export const contentDrafts = (teamId: string) => typedCollection(`teams/${teamId}/contentDrafts`, contentDraftSchema);
export const contentDraftRef = (teamId: string, draftId: string) => contentDrafts(teamId).doc(draftId);

export const scheduledPosts = (teamId: string) => typedCollection(`teams/${teamId}/scheduledPosts`, scheduledPostSchema);
export const scheduledPostRef = (teamId: string, postId: string) => scheduledPosts(teamId).doc(postId);
/** Every team's scheduled posts, for the publishing sweeper. */
export const allScheduledPosts = () => db().collectionGroup("scheduledPosts").withConverter(converter(scheduledPostSchema));
