import type { z } from "zod";
import { logWarn } from "../common/logs.js";
import type { ProviderCall } from "./call.js";
import { ChargedFailure, type CallOutcome } from "./credits/withCredits.js";

/** Models sometimes wrap JSON in a Markdown fence even in JSON mode. */
function unfenced(raw: string): string {
  const match = raw.trim().match(/^```(?:json)?\s*([\s\S]*?)\s*```$/i);
  return match ? match[1] : raw;
}

const MAX_ATTEMPTS = 2;

/**
 * Asks the provider for JSON in its JSON mode and checks it against `schema`. An answer that
 * is not valid JSON of that shape is retried once (both provider calls count toward the rate
 * limit). A second one fails with `internal`, and is charged: the provider did the work.
 */
export async function generateValidJson<T>(
  { resolved: { provider, model }, signal, maxOutputTokens }: ProviderCall,
  request: { prompt: string; systemInstruction?: string; schemaName?: string },
  schema: z.ZodType<T>,
): Promise<CallOutcome<T>> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const raw = await provider.generateJson({ model: model ?? "", signal, maxOutputTokens, ...request });
    try {
      const parsed = schema.safeParse(JSON.parse(unfenced(raw)));
      if (parsed.success) return { result: parsed.data, providerCalls: attempt };
      logWarn("ai.jsonInvalid", { providerId: provider.id, attempt, schemaName: request.schemaName, issues: parsed.error.issues.length });
    } catch {
      logWarn("ai.jsonUnparsable", { providerId: provider.id, attempt, schemaName: request.schemaName });
    }
  }
  throw new ChargedFailure(
    {
      code: "internal",
      message:
        "The AI model did not return valid JSON (asked twice). The provider did the work, so this call used its credits; rephrase the request and try again with a new requestId.",
      reason: "ai-invalid-json",
    },
    MAX_ATTEMPTS,
  );
}
