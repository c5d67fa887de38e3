/**
 * The time budget of one AI call. Its `signal` aborts the provider request when the client goes
 * away, when the call's total time is up, or (streams) when the provider sends nothing for the
 * idle time. Every provider request gets this signal, so no call outlives its function or the
 * reservation sweeper's cutoff, whatever the provider does.
 */
export type Expiry = "total" | "idle";

export interface DeadlineOptions {
  totalMs: number;
  /** Streams: most time without a token (before the first one, or between two). */
  idleMs?: number;
  /** The client's abort (a streaming callable's `response.signal`). */
  clientSignal?: AbortSignal;
}

export class CallDeadline {
  private readonly controller = new AbortController();
  private readonly totalTimer: NodeJS.Timeout;
  private idleTimer: NodeJS.Timeout | undefined;
  private expiredBy: Expiry | null = null;

  constructor(private readonly options: DeadlineOptions) {
    this.totalTimer = setTimeout(() => this.expire("total"), options.totalMs);
    const client = options.clientSignal;
    if (client?.aborted) this.controller.abort();
    else client?.addEventListener("abort", () => this.controller.abort(), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the deadline aborted the call; null when it has not (or the client left). */
  get expired(): Expiry | null {
    return this.expiredBy;
  }

  /** Seconds the expired limit allowed. */
  secondsOf(expiry: Expiry): number {
    return Math.round((expiry === "total" ? this.options.totalMs : (this.options.idleMs ?? 0)) / 1000);
  }

  /** Starts or restarts the idle clock (on start and after every token); no-op without an idle limit. */
  touch(): void {
    if (this.options.idleMs === undefined || this.signal.aborted) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.expire("idle"), this.options.idleMs);
  }

  /** Stops the clocks once the call is over. */
  dispose(): void {
    clearTimeout(this.totalTimer);
    clearTimeout(this.idleTimer);
  }

  private expire(expiry: Expiry): void {
    if (this.signal.aborted) return;
    this.expiredBy = expiry;
    this.controller.abort();
  }
}
