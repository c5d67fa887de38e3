import type { z } from "zod";
import { DomainError } from "../common/errors.js";
import { logWarn } from "../common/logs.js";
import type { ResolvedProvider } from "./providers/resolve.js";

/** Models sometimes wrap JSON in a Markdown fence even in JSON mode. */
function unfenced(raw: string): string {
  const match = raw.trim().match(/^```(?:json)?\s*([\s\S]*?)\s*```$/i);
  return match ? match[1] : raw;
}

/**
 * Asks the provider for JSON in its JSON mode and checks it against `schema`. An answer that
 * is not valid JSON of that shape is retried once; a second one fails with `internal` (and,
 * since the call failed, uses no credit).
 */
export async function generateValidJson<T>(
  { provider, textModel }: ResolvedProvider,
  request: { prompt: string; systemInstruction?: string; schemaName?: string },
  schema: z.ZodType<T>,
): Promise<T> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const raw = await provider.generateJson({ model: textModel, ...request });
    try {
      const parsed = schema.safeParse(JSON.parse(unfenced(raw)));
      if (parsed.success) return parsed.data;
      logWarn("ai.jsonInvalid", { providerId: provider.id, attempt, schemaName: request.schemaName, issues: parsed.error.issues.length });
    } catch {
      logWarn("ai.jsonUnparsable", { providerId: provider.id, attempt, schemaName: request.schemaName });
    }
  }
  throw new DomainError("internal", "The AI model did not return valid JSON; no credit was used. Please try again.", { reason: "ai-invalid-json" });
}
