/** Collections of connected social accounts (CONTRACT §6, docs/connections.md); shapes in `models/connections.ts`. */
import {
  accountRevocationSchema,
  accountTokenStateSchema,
  connectedAccountSchema,
  connectionStateSchema,
  pendingConnectionSchema,
} from "../../models/connections.js";
import { typedCollection } from "./typed.js";

/**
 * `teams/{teamId}/connectedAccounts/{accountId}`: members read; only functions write; never a
 * token in any form. The id is derived from the platform and the platform account id
 * (connections/ids.ts), so one platform account has one document per team.
 */
export const connectedAccounts = (teamId: string) => typedCollection(`teams/${teamId}/connectedAccounts`, connectedAccountSchema);
export const connectedAccountRef = (teamId: string, accountId: string) => connectedAccounts(teamId).doc(accountId);

/** `accountTokenStates/{teamId}:{accountId}` (server only). */
export const accountTokenStates = () => typedCollection("accountTokenStates", accountTokenStateSchema);
export const accountTokenStateRef = (teamId: string, accountId: string) =>
  accountTokenStates().doc(`${encodeURIComponent(teamId)}:${encodeURIComponent(accountId)}`);

/** `connectionStates/{sha256(state)}` (server only). */
export const connectionStates = () => typedCollection("connectionStates", connectionStateSchema);

/** `pendingConnections/{pendingId}` (server only). */
export const pendingConnections = () => typedCollection("pendingConnections", pendingConnectionSchema);

/** `accountRevocations/{teamId:accountId}` (server only). */
export const accountRevocations = () => typedCollection("accountRevocations", accountRevocationSchema);
