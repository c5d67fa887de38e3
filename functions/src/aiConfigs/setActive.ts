import { type z } from "zod";
import { userRef } from "../common/collections/identity.js";
import { serverNow } from "../common/collections/typed.js";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { notFound } from "../common/errors.js";
import { logInfo } from "../common/logs.js";
import { runTransaction } from "../common/transaction.js";
import { setActiveInput } from "../models/aiConfigs.js";
import { assertProviderAvailable } from "./providers.js";

/** Records the caller's active AI provider in `users/{uid}.activeAiProvider`. */
export async function handleSetActive(ctx: CallContext<z.output<typeof setActiveInput>>): Promise<Record<string, never>> {
  const { activeProvider } = ctx.data;
  if (activeProvider) assertProviderAvailable(activeProvider, "activeProvider");
  await runTransaction(async (tx) => {
    const profile = await tx.get(userRef(ctx.uid));
    if (!profile.exists) throw notFound("Profile");
    tx.update(userRef(ctx.uid), { activeAiProvider: activeProvider, updatedAt: serverNow() });
  });
  logInfo("aiConfigs.activeSet", { uid: ctx.uid, activeProvider });
  return {};
}

/** `aiConfigs-setActive { activeProvider }` → `{}`. */
export const setActive = validatedOnCall("aiConfigs-setActive", setActiveInput, handleSetActive);
