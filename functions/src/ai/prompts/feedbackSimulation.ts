import { feedbackSimulationResultSchema, type FeedbackSimulationResult } from "../../models/ai.js";
import type { JsonPrompt } from "./types.js";

/** The persona the audience simulation speaks as (stored persona or inline details). */
export interface PersonaDetails {
  name: string;
  demographics?: string;
  psychographics?: string;
  initialBeliefs?: string;
  vulnerabilities?: string[];
  rstProfile?: { bas?: string; bis?: string; fffs?: string };
}

function personaLines(persona: PersonaDetails): string {
  const rst = persona.rstProfile;
  return [
    `Name: ${persona.name}`,
    persona.demographics && `Demographics: ${persona.demographics}`,
    persona.psychographics && `Psychographics: ${persona.psychographics}`,
    persona.initialBeliefs && `Initial beliefs: ${persona.initialBeliefs}`,
    persona.vulnerabilities?.length && `Vulnerabilities: ${persona.vulnerabilities.join("; ")}`,
    rst &&
      `Reinforcement sensitivity (RST): BAS ${rst.bas ?? "Not Assessed"}, BIS ${rst.bis ?? "Not Assessed"}, FFFS ${rst.fffs ?? "Not Assessed"}`,
  ]
    .filter(Boolean)
    .join("\n");
}

export const feedbackSimulationPrompt: JsonPrompt<{ persona: PersonaDetails; content: string }, FeedbackSimulationResult> = {
  id: "feedback-simulation",
  version: 1,
  systemInstruction:
    "You simulate how one audience persona reacts to a piece of social media content. " +
    "Stay in the persona's perspective, be concrete and honest, and answer only with JSON.",
  build: ({ persona, content }) => `Persona:
${personaLines(persona)}

Content to react to:
"""
${content}
"""

Answer with a JSON object with exactly these keys:
- "overallSentiment": one of "positive", "neutral", "negative", "mixed"
- "sentimentScore": a number from -1 (very negative) to 1 (very positive)
- "engagementLikelihood": one of "Low", "Medium", "High"
- "predictedReactions": short reactions the persona would have, as strings
- "keyConcerns": what would put the persona off, as strings
- "suggestedImprovements": changes that would land better with the persona, as strings
- "summary": two or three sentences`,
  schema: feedbackSimulationResultSchema,
  example: {
    overallSentiment: "mixed",
    sentimentScore: 0.2,
    engagementLikelihood: "Medium",
    predictedReactions: ["Curious about the offer", "Wants proof behind the claims"],
    keyConcerns: ["The message sounds generic"],
    suggestedImprovements: ["Add a concrete example the persona recognises"],
    summary: "The persona is interested but not yet convinced. Concrete proof would raise engagement.",
  },
};
