/** Document ids from clients: the schema lives in the pure models (shared with the client package). */
export { documentId, documentIdProblem, MAX_DOCUMENT_ID_BYTES } from "../models/shared.js";
