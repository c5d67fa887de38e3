import { validatedOnCall, type CallContext } from "../common/callable.js";
import { memberRef, personas } from "../common/collections.js";
import { notFound, permissionDenied } from "../common/errors.js";
import { runAiCall } from "./call.js";
import { generateValidJson } from "./json.js";
import { simulateFeedbackInput, type FeedbackSimulationResult, type SimulateFeedbackInput } from "../models/ai.js";
import { AI_CALL_OPTIONS } from "./options.js";
import { feedbackSimulationPrompt, type PersonaDetails } from "./prompts/feedbackSimulation.js";

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
  const { result } = await runAiCall({ uid: ctx.uid, operation: "simulateFeedback", data: ctx.data, cost: 1 }, async (resolved) => ({
    result: await generateValidJson(
      resolved,
      { prompt: prompt.build({ persona, content: ctx.data.contentToSimulate }), systemInstruction: prompt.systemInstruction, schemaName: prompt.id },
      prompt.schema,
    ),
  }));
  return result;
}

export const simulateFeedback = validatedOnCall("ai-simulateFeedback", simulateFeedbackInput, handleSimulateFeedback, AI_CALL_OPTIONS);
