/** The mail outbox the Trigger Email extension reads (docs/teams.md); shape in `models/mail.ts`. */
import { mailSchema } from "../../models/mail.js";
import { typedCollection } from "./typed.js";

export const mail = () => typedCollection("mail", mailSchema);
