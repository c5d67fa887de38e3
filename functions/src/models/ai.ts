/** AI proxy and credits (CONTRACT §7): usage, reservations, and the `ai-*` callables. */
import * as z from "zod";
import { rstLevels } from "./campaignEnums.js";
import { documentId, timestamp } from "./shared.js";

// ---- documents ------------------------------------------------------------------------

/** `users/{uid}/usage/{YYYY-MM}`: the month's AI credits; the owner reads, only functions write. */
export const aiUsageSchema = z.object({
  used: z.number().int().nonnegative(),
  /** `null` = unlimited (the `admin` plan role by default). */
  limit: z.number().int().nonnegative().nullable(),
  period: z.string(),
  updatedAt: timestamp.optional(),
});
export type AiUsage = z.infer<typeof aiUsageSchema>;

/** A call that holds credits: its entry in the usage document's `inFlight` map, keyed by requestId. */
export const aiInFlightEntrySchema = z.object({
  /** Which attempt holds the reservation; a settle or release from another attempt is ignored. */
  leaseId: z.string(),
  /** Credits held (already counted in `used`). */
  cost: z.number().int().nonnegative(),
  /** When the reservation was made or taken over (ms): older than the sweeper's cutoff = a dead function's. */
  at: z.number(),
  operation: z.string(),
  inputHash: z.string(),
});
export type AiInFlightEntry = z.infer<typeof aiInFlightEntrySchema>;

/**
 * The usage document as the server keeps it (server-only fields beside CONTRACT §7's
 * `{ used, limit, period }`): the per-minute call counter and the calls running now, so that one
 * guarded write of one document reserves a call (docs/ai.md, "Credits").
 */
export const aiUsageLedgerSchema = aiUsageSchema.extend({
  /** The minute (`YYYY-MM-DDTHH:MM`, UTC) that `count` counts calls in. */
  minute: z.string().optional(),
  count: z.number().int().nonnegative().optional(),
  /** requestId → the reservation of a call still running. */
  inFlight: z.record(z.string(), z.unknown()).optional(),
  /** Present while calls run: `<shard>/<minute>` from which the oldest one is stale (the sweeper's query). */
  sweepKey: z.string().optional(),
});
export type AiUsageLedger = z.infer<typeof aiUsageLedgerSchema>;

export const aiRequestStatuses = ["reserved", "settled", "released"] as const;
export type AiRequestStatus = (typeof aiRequestStatuses)[number];

/**
 * `users/{uid}/aiRequests/{requestId}`: one finished AI call (server only), written when it
 * settles. Its id is the client's `requestId` (or an auto-id), which makes retries idempotent.
 * `reserved` and `released` appear only on documents written before reservations moved into the
 * usage document; they are read as "not settled".
 */
export const aiRequestSchema = z.object({
  operation: z.string(),
  inputHash: z.string(),
  status: z.enum(aiRequestStatuses),
  cost: z.number().int().nonnegative(),
  period: z.string(),
  leaseId: z.string().optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** For a Firestore TTL policy: settled requests are not kept forever. */
  expiresAt: timestamp,
  /** The settled response as JSON text, kept (when small) so that a retry gets it again for free. */
  resultJson: z.string().optional(),
  /** The settled response as a map, on requests settled before results were kept as text; replayed too. */
  result: z.unknown().optional(),
  /** A charged failure (the provider did the work, e.g. JSON that never validated): a retry gets this error again. */
  failure: z.object({ code: z.enum(["internal", "unavailable"]), message: z.string(), reason: z.string() }).optional(),
});
export type AiRequest = z.infer<typeof aiRequestSchema>;

// ---- callable fields --------------------------------------------------------------------

/** The client's idempotency key: a retry with the same requestId is never charged twice. */
export const requestIdField = documentId
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, "must be 1-128 letters, digits, '-' or '_', starting with a letter or digit")
  .optional();

export const promptField = z.string().trim().min(1, "must not be empty").max(100_000);
export const systemInstructionField = z.string().max(20_000).optional();

// ---- callables: requests and responses ----------------------------------------------------

/** A source the grounded answer drew on (Gemini's Google Search grounding). */
export const groundingChunk = z.looseObject({ web: z.object({ uri: z.string().optional(), title: z.string().optional() }).optional() });
export type GroundingChunk = z.infer<typeof groundingChunk>;

/** `ai-generateText { prompt, systemInstruction?, useGoogleSearch?, requestId? }` → `{ text, groundingChunks? }`. */
export const generateTextInput = z
  .object({
    prompt: promptField,
    systemInstruction: systemInstructionField,
    useGoogleSearch: z.boolean().optional(),
    requestId: requestIdField,
  })
  .strict();
export const textResult = z.object({ text: z.string(), groundingChunks: z.array(groundingChunk).optional() });
export type TextResult = z.infer<typeof textResult>;

/** The input of the callables that take a prompt and nothing else: `{ prompt, systemInstruction?, requestId? }`. */
const promptInput = z.object({ prompt: promptField, systemInstruction: systemInstructionField, requestId: requestIdField }).strict();

/** `ai-generateJson { prompt, systemInstruction?, requestId? }` → `{ data }`. */
export const generateJsonInput = promptInput;
export const generateJsonResponse = z.object({ data: z.unknown() });
export type GenerateJsonResponse = z.infer<typeof generateJsonResponse>;

/** `ai-generateImage { prompt, numberOfImages?, requestId? }` → `{ images }` in base64. */
export const generateImageInput = z
  .object({ prompt: promptField, numberOfImages: z.number().int().min(1).max(4).optional(), requestId: requestIdField })
  .strict();
export const generateImageResponse = z.object({ images: z.array(z.string()) });
export type GenerateImageResponse = z.infer<typeof generateImageResponse>;

/** `ai-streamText { prompt, systemInstruction?, requestId? }`: text deltas as chunks, then `{ text }`. */
export const streamTextInput = promptInput;
export const streamTextResponse = z.object({ text: z.string() });
export type StreamTextResponse = z.infer<typeof streamTextResponse>;
/** Each chunk of `ai-streamText` is a text delta. */
export type StreamTextChunk = string;

const rstLevel = z.enum(rstLevels);
const text = (max: number) => z.string().trim().max(max);

const personaDetailsField = z
  .object({
    name: text(200).min(1),
    demographics: text(5_000).optional(),
    psychographics: text(5_000).optional(),
    initialBeliefs: text(5_000).optional(),
    vulnerabilities: z.array(text(1_000)).max(50).optional(),
    rstProfile: z.object({ bas: rstLevel, bis: rstLevel, fffs: rstLevel }).partial().strict().optional(),
  })
  .strict();

const contentField = z.string().trim().min(1, "must not be empty").max(20_000);

/**
 * `ai-simulateFeedback`: either a stored persona of one of the caller's teams (`teamId` +
 * `personaId`), or `personaDetails` inline; → `FeedbackSimulationResult`.
 */
export const simulateFeedbackInput = z
  .object({
    teamId: documentId.optional(),
    personaId: documentId.optional(),
    personaDetails: personaDetailsField.optional(),
    contentToSimulate: contentField,
    requestId: requestIdField,
  })
  .strict()
  .superRefine((input, ctx) => {
    const stored = input.teamId !== undefined || input.personaId !== undefined;
    if (stored && input.personaDetails) {
      ctx.addIssue({ code: "custom", path: ["personaDetails"], message: "give either teamId and personaId, or personaDetails, not both" });
    } else if (!stored && !input.personaDetails) {
      ctx.addIssue({ code: "custom", path: ["personaDetails"], message: "required unless teamId and personaId are given" });
    } else if (stored && (input.teamId === undefined || input.personaId === undefined)) {
      ctx.addIssue({ code: "custom", path: [input.teamId === undefined ? "teamId" : "personaId"], message: "required with the other" });
    }
  });
export type SimulateFeedbackInput = z.output<typeof simulateFeedbackInput>;

/** CONTRACT §7 `FeedbackSimulationResult`. */
export const feedbackSimulationResultSchema = z
  .object({
    overallSentiment: z.enum(["positive", "neutral", "negative", "mixed"]),
    sentimentScore: z.number().min(-1).max(1),
    engagementLikelihood: z.enum(["Low", "Medium", "High"]),
    predictedReactions: z.array(z.string()),
    keyConcerns: z.array(z.string()),
    suggestedImprovements: z.array(z.string()),
    summary: z.string(),
  })
  .strict();
export type FeedbackSimulationResult = z.infer<typeof feedbackSimulationResultSchema>;

/** `ai-generateAuditPlan { campaignObjective, requestId? }` → `{ D0, ..., D8 }`. */
export const generateAuditPlanInput = z
  .object({ campaignObjective: z.string().trim().min(1, "must not be empty").max(10_000), requestId: requestIdField })
  .strict();

export const AUDIT_PLAN_STEPS = ["D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"] as const;

/** CONTRACT §7: `{ D0, ..., D8 }`, each a string. */
export const auditPlanSchema = z
  .object(
    Object.fromEntries(AUDIT_PLAN_STEPS.map((key) => [key, z.string().min(1)])) as Record<(typeof AUDIT_PLAN_STEPS)[number], z.ZodString>,
  )
  .strict();
export type AuditPlan = z.infer<typeof auditPlanSchema>;
