import { validatedOnCall, type CallContext } from "../common/callable.js";
import { personas } from "../common/collections/campaign.js";
import { memberRef } from "../common/collections/teams.js";
import { notFound, permissionDenied } from "../common/errors.js";
import { runAiCall, textLength } from "./call.js";
import { generateValidJson } from "./json.js";
import { simulateFeedbackInput, type FeedbackSimulationResult, type SimulateFeedbackInput } from "../models/ai.js";
import { AI_CALL_OPTIONS } from "./options.js";
import { feedbackSimulationPrompt, type PersonaDetails } from "./prompts/feedbackSimulation.js";

async function personaFor(uid: string, input: SimulateFeedbackInput): Promise<PersonaDetails> {
  if (input.personaDetails) return input.personaDetails;
  const teamId = input.teamId ?? "";
  const [membership, persona] = await Promise.all([
    memberRef(teamId, uid).get(),
    personas(teamId)
      .doc(input.personaId ?? "")
      .get(),
  ]);
  if (!membership.exists) throw permissionDenied("You are not a member of this team.");
  const data = persona.data();
  if (!data) throw notFound("Persona");
  return data;
}

/** `ai-simulateFeedback`: how the persona reacts to the content, as a validated `FeedbackSimulationResult`. */
export async function handleSimulateFeedback(ctx: CallContext<SimulateFeedbackInput>): Promise<FeedbackSimulationResult> {
  const persona = await personaFor(ctx.uid, ctx.data);
  const prompt = feedbackSimulationPrompt;
  const request = {
    prompt: prompt.build({ persona, content: ctx.data.contentToSimulate }),
    systemInstruction: prompt.systemInstruction,
    schemaName: prompt.id,
  };
  const { result } = await runAiCall(
    {
      uid: ctx.uid,
      token: ctx.token,
      operation: "simulateFeedback",
      data: ctx.data,
      baseCost: 1,
      inputChars: textLength(persona) + ctx.data.contentToSimulate.length,
    },
    (call) => generateValidJson(call, request, prompt.schema),
  );
  return result;
}

export const simulateFeedback = validatedOnCall("ai-simulateFeedback", simulateFeedbackInput, handleSimulateFeedback, AI_CALL_OPTIONS);
