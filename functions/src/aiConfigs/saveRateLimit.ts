import { aiConfigSaveWindowRef } from "../common/collections/aiConfigs.js";
import { aiConfigSaveWindowSchema } from "../models/aiConfigs.js";
import { requireActiveAccount } from "../common/activeAccount.js";
import { DomainError } from "../common/errors.js";
import { aiConfigKeySavesPerHour } from "../common/params.js";
import { runTransaction } from "../common/transaction.js";

function hourOf(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/**
 * Counts one `aiConfigs-save` against the caller's hourly allowance before any key is encrypted:
 * each key is one Cloud KMS Encrypt that we pay for, so a save weighs max(1, keys in it).
 * Over the allowance → `resource-exhausted` (`reason: 'ai-config-save-rate-limit'`), nothing
 * encrypted or written. A fixed window per UTC hour, in a transaction (exact under concurrency);
 * an unreadable window document counts as empty. An account being deleted is refused here, so
 * that the window document is not written under a profile the deletion is removing.
 */
export async function takeConfigSaveAllowance(uid: string, weight: number): Promise<void> {
  const limit = aiConfigKeySavesPerHour.value();
  const ref = aiConfigSaveWindowRef(uid).withConverter(null);
  await runTransaction(async (tx) => {
    const hour = hourOf(new Date());
    const [window] = await Promise.all([tx.get(ref), requireActiveAccount(tx, uid)]);
    const parsed = aiConfigSaveWindowSchema.safeParse(window.data());
    const used = parsed.success && parsed.data.hour === hour ? parsed.data.count : 0;
    if (used + weight > limit) {
      throw new DomainError(
        "resource-exhausted",
        `Too many AI settings saves: at most ${limit} an hour (each API key counts once). Try again later.`,
        {
          reason: "ai-config-save-rate-limit",
          limitPerHour: limit,
        },
      );
    }
    tx.set(ref, { hour, count: used + weight });
  });
}
