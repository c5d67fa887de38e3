/**
 * `@pixasocial/client`: typed access to the PixaSocial backend for the frontend (CONTRACT.md).
 * Every module is side-effect free; a bundler keeps only what the app imports.
 */
export * from "./collections.js";
export { converter, InvalidDocumentError } from "./converter.js";
export * from "./callables.js";
export * from "./errors.js";
export * from "./paths.js";
export * from "./chat.js";
export * from "./library.js";
export * from "./campaign.js";
export * from "./connections.js";
export * from "./identity.js";
export type * from "./models.js";
