import { bucket } from "../common/firebase.js";

/** HTTP statuses of a delete that found nothing to do: gone already, or replaced meanwhile. */
const NOTHING_TO_DELETE = new Set([404, 412]);

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/**
 * Deletes one generation of an object: a newer upload under the same name stays. Deleting what
 * is already gone or was replaced is fine, so retried events may call it again.
 */
export async function deleteObjectGeneration(name: string, generation: string): Promise<void> {
  try {
    await bucket().file(name).delete({ ifGenerationMatch: generation });
  } catch (error) {
    if (!NOTHING_TO_DELETE.has(statusOf(error) ?? 0)) throw error;
  }
}
