/**
 * `@pixasocial/client/models`: the zod schemas and types of every document and callable, the
 * same modules the functions use (compiled in from `functions/src/models`).
 */
export * from "../../functions/src/models/shared.js";
export * from "../../functions/src/models/identity.js";
export * from "../../functions/src/models/teams.js";
export * from "../../functions/src/models/invitations.js";
export * from "../../functions/src/models/aiConfigs.js";
export * from "../../functions/src/models/ai.js";
export * from "../../functions/src/models/campaign.js";
export * from "../../functions/src/models/library.js";
export * from "../../functions/src/models/chat.js";
export * from "../../functions/src/models/connections.js";
export * from "../../functions/src/models/posts.js";
export * from "../../functions/src/models/errors.js";
