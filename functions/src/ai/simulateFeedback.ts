import { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { memberRef, personas, rstLevels } from "../common/collections.js";
import { notFound, permissionDenied } from "../common/errors.js";
import { documentId } from "../common/ids.js";
import { runAiCall, textLength } from "./call.js";
import { generateValidJson } from "./json.js";
import { AI_CALL_OPTIONS, requestIdField } from "./options.js";
import { feedbackSimulationPrompt, type FeedbackSimulationResult, type PersonaDetails } from "./prompts/feedbackSimulation.js";

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

/** Either a stored persona of one of the caller's teams (`teamId` + `personaId`), or `personaDetails` inline. */
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

async function personaFor(uid: string, input: SimulateFeedbackInput): Promise<PersonaDetails> {
  if (input.personaDetails) return input.personaDetails;
  const teamId = input.teamId ?? "";
  const [membership, persona] = await Promise.all([memberRef(teamId, uid).get(), personas(teamId).doc(input.personaId ?? "").get()]);
  if (!membership.exists) throw permissionDenied("You are not a member of this team.");
  const data = persona.data();
  if (!data) throw notFound("Persona");
  return data;
}

/** `ai-simulateFeedback`: how the persona reacts to the content, as a validated `FeedbackSimulationResult`. */
export async function handleSimulateFeedback(ctx: CallContext<SimulateFeedbackInput>): Promise<FeedbackSimulationResult> {
  const persona = await personaFor(ctx.uid, ctx.data);
  const prompt = feedbackSimulationPrompt;
  const request = { prompt: prompt.build({ persona, content: ctx.data.contentToSimulate }), systemInstruction: prompt.systemInstruction, schemaName: prompt.id };
  const { result } = await runAiCall(
    { uid: ctx.uid, token: ctx.token, operation: "simulateFeedback", data: ctx.data, baseCost: 1, inputChars: textLength(persona) + ctx.data.contentToSimulate.length },
    (call) => generateValidJson(call, request, prompt.schema),
  );
  return result;
}

export const simulateFeedback = validatedOnCall("ai-simulateFeedback", simulateFeedbackInput, handleSimulateFeedback, AI_CALL_OPTIONS);
