import type { z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { connectedAccountRef } from "../common/collections/connections.js";
import { notFound, permissionDenied } from "../common/errors.js";
import { runTransaction } from "../common/transaction.js";
import { ADMIN_ROLES, ANY_ROLE, requireTeamRole } from "../teams/access.js";
import { PLATFORM_SECRETS } from "./endpoints.js";
import { removeConnectedAccount } from "./removeAccount.js";
import { disconnectInput } from "../models/connections.js";

/** `connections-disconnect`: the connector, the owner or an admin. */
export async function handleDisconnect(ctx: CallContext<z.output<typeof disconnectInput>>): Promise<Record<string, never>> {
  const { teamId, connectedAccountId } = ctx.data;
  const { member, account } = await runTransaction(async (tx) => {
    const [{ member }, accountSnap] = await Promise.all([
      requireTeamRole(tx, teamId, ctx.uid, ANY_ROLE),
      tx.get(connectedAccountRef(teamId, connectedAccountId)),
    ]);
    return { member, account: accountSnap.data() };
  });
  if (!account) throw notFound("Connected account");
  const isAdmin = (ADMIN_ROLES as readonly string[]).includes(member.role);
  if (account.connectedBy !== ctx.uid && !isAdmin) {
    throw permissionDenied("Only the member who connected this account, the owner or an admin can disconnect it.");
  }
  await removeConnectedAccount(teamId, connectedAccountId, "disconnect");
  return {};
}

export const disconnect = validatedOnCall("connections-disconnect", disconnectInput, handleDisconnect, { secrets: PLATFORM_SECRETS });
