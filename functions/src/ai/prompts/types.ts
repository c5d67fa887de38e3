import type { z } from "zod";

/** A versioned prompt whose answer is JSON of a known shape. */
export interface JsonPrompt<Input, Output> {
  /** Stable id, also the `schemaName` the providers see. */
  id: string;
  version: number;
  systemInstruction: string;
  build(input: Input): string;
  /** What a valid answer looks like; checked on every answer. */
  schema: z.ZodType<Output>;
  /** A valid answer, returned by the offline Mock provider. */
  example: Output;
}
