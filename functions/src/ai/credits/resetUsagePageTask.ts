import { onTaskDispatched } from "firebase-functions/v2/tasks";
import { handleUsageResetTask } from "./monthlyReset.js";

/**
 * One page of the monthly job. The queue's limits bound the load on Firestore: at most 10 pages
 * at once (about 3,000 document creates a second), retried with backoff. docs/scale.md.
 */
export const resetUsagePageTask = onTaskDispatched(
  {
    retryConfig: { maxAttempts: 10, minBackoffSeconds: 5, maxBackoffSeconds: 300 },
    rateLimits: { maxConcurrentDispatches: 10, maxDispatchesPerSecond: 20 },
    timeoutSeconds: 300,
    maxInstances: 10,
  },
  async (request) => {
    await handleUsageResetTask(request.data, request.retryCount);
  },
);
