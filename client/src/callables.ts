/**
 * Every callable of the contract, typed from the models: `callables(functions).ai.generateText({ prompt })`.
 * Requests are the schemas' input types (what the server validates); responses their result types.
 * Only types come from the models here, so using callables costs a bundle no zod.
 */
import {
  httpsCallable,
  type Functions,
  type HttpsCallableOptions,
  type HttpsCallableStreamOptions,
  type HttpsCallableStreamResult,
} from "firebase/functions";
import type { z } from "zod";
import type * as ai from "../../functions/src/models/ai.js";
import type * as aiConfig from "../../functions/src/models/aiConfigs.js";
import type * as connections from "../../functions/src/models/connections.js";
import type * as identity from "../../functions/src/models/identity.js";
import type * as invitations from "../../functions/src/models/invitations.js";
import type * as library from "../../functions/src/models/library.js";
import type * as posts from "../../functions/src/models/posts.js";
import type { EmptyResponse } from "../../functions/src/models/shared.js";
import type * as teams from "../../functions/src/models/teams.js";

/** What a caller sends: the input type of a request schema. */
export type RequestOf<S extends z.ZodType> = z.input<S>;

/** A typed callable: sends `data`, resolves with the response's data. */
export type Callable<Req, Res> = (data: Req) => Promise<Res>;

function callable<Req, Res>(functions: Functions, name: string, options?: HttpsCallableOptions): Callable<Req, Res> {
  const call = httpsCallable<Req, Res>(functions, name, options);
  return async (data) => (await call(data)).data;
}

export type StreamTextRequest = RequestOf<typeof ai.streamTextInput>;

/**
 * `ai-streamText`: `stream` yields text deltas as they arrive; `data` resolves with the whole
 * `{ text }`. Abort with `options.signal` (a stream aborted after some text still uses a credit).
 */
export function streamText(
  functions: Functions,
  request: StreamTextRequest,
  options?: HttpsCallableStreamOptions,
): Promise<HttpsCallableStreamResult<ai.StreamTextResponse, ai.StreamTextChunk>> {
  return httpsCallable<StreamTextRequest, ai.StreamTextResponse, ai.StreamTextChunk>(functions, "ai-streamText").stream(request, options);
}

/** Every callable, grouped as deployed (`<group>-<name>`). */
export function callables(functions: Functions, options?: HttpsCallableOptions) {
  const c = <Req, Res>(name: string) => callable<Req, Res>(functions, name, options);
  return {
    identity: {
      ensureProfile: c<RequestOf<typeof identity.ensureProfileInput>, identity.EnsureProfileResponse>("identity-ensureProfile"),
    },
    teams: {
      create: c<RequestOf<typeof teams.createTeamInput>, teams.CreateTeamResponse>("teams-create"),
      update: c<RequestOf<typeof teams.updateTeamInput>, EmptyResponse>("teams-update"),
      invite: c<RequestOf<typeof teams.inviteInput>, teams.InviteResponse>("teams-invite"),
      revokeInvitation: c<RequestOf<typeof teams.revokeInvitationInput>, EmptyResponse>("teams-revokeInvitation"),
      removeMember: c<RequestOf<typeof teams.removeMemberInput>, EmptyResponse>("teams-removeMember"),
      setRole: c<RequestOf<typeof teams.setRoleInput>, EmptyResponse>("teams-setRole"),
      leave: c<RequestOf<typeof teams.leaveInput>, EmptyResponse>("teams-leave"),
      transferOwnership: c<RequestOf<typeof teams.transferOwnershipInput>, EmptyResponse>("teams-transferOwnership"),
    },
    invitations: {
      get: c<RequestOf<typeof invitations.tokenInput>, invitations.InvitationView>("invitations-get"),
      accept: c<RequestOf<typeof invitations.tokenInput>, invitations.AcceptInvitationResponse>("invitations-accept"),
      decline: c<RequestOf<typeof invitations.tokenInput>, EmptyResponse>("invitations-decline"),
    },
    aiConfigs: {
      list: c<RequestOf<typeof aiConfig.listInput>, aiConfig.AiConfigList>("aiConfigs-list"),
      save: c<RequestOf<typeof aiConfig.saveInput>, aiConfig.AiConfigList>("aiConfigs-save"),
      setActive: c<RequestOf<typeof aiConfig.setActiveInput>, EmptyResponse>("aiConfigs-setActive"),
    },
    ai: {
      generateText: c<RequestOf<typeof ai.generateTextInput>, ai.TextResult>("ai-generateText"),
      generateJson: c<RequestOf<typeof ai.generateJsonInput>, ai.GenerateJsonResponse>("ai-generateJson"),
      generateImage: c<RequestOf<typeof ai.generateImageInput>, ai.GenerateImageResponse>("ai-generateImage"),
      streamText: (request: StreamTextRequest, streamOptions?: HttpsCallableStreamOptions) => streamText(functions, request, streamOptions),
      simulateFeedback: c<RequestOf<typeof ai.simulateFeedbackInput>, ai.FeedbackSimulationResult>("ai-simulateFeedback"),
      generateAuditPlan: c<RequestOf<typeof ai.generateAuditPlanInput>, ai.AuditPlan>("ai-generateAuditPlan"),
    },
    library: {
      deleteAsset: c<RequestOf<typeof library.deleteAssetInput>, EmptyResponse>("library-deleteAsset"),
    },
    connections: {
      start: c<RequestOf<typeof connections.startConnectionInput>, connections.StartConnectionResponse>("connections-start"),
      getPending: c<RequestOf<typeof connections.getPendingConnectionInput>, connections.PendingView>("connections-getPending"),
      complete: c<RequestOf<typeof connections.completeConnectionInput>, connections.CompleteConnectionResponse>("connections-complete"),
      disconnect: c<RequestOf<typeof connections.disconnectInput>, EmptyResponse>("connections-disconnect"),
    },
    posts: {
      publishNow: c<RequestOf<typeof posts.publishNowInput>, posts.PublishNowResponse>("posts-publishNow"),
      retry: c<RequestOf<typeof posts.retryPostInput>, EmptyResponse>("posts-retry"),
    },
  };
}

/** The object `callables()` returns. */
export type Callables = ReturnType<typeof callables>;
