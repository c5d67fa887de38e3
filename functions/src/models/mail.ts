/** The mail outbox: `mail/{id}`. */
import * as z from "zod";

/** `mail/{id}` in the format of the "Trigger Email from Firestore" extension; no client access. */
export const mailSchema = z.object({
  to: z.string(),
  message: z.object({ subject: z.string(), text: z.string(), html: z.string() }),
});
export type Mail = z.infer<typeof mailSchema>;
