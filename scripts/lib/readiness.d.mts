export interface ReadinessOptions {
  authHost: string;
  firestoreHost: string;
  projectId: string;
  timeoutMs?: number;
  attemptMs?: number;
  log?: (message: string) => void;
}

/** Resolves once a probe sign-up got its profile (the probe user is deleted again). */
export function waitForSignUps(options: ReadinessOptions): Promise<{ attempts: number; elapsedMs: number }>;
