/**
 * Client-side rate limiting that paces requests evenly instead of letting a minute's allowance go
 * out in a burst: a request may start only at its reserved slot, slots are `interval` apart, and
 * idle time earns no credit (burst of one). A long batch sync therefore runs at a steady rate just
 * under the configured one and never trips a sliding-window or fixed-window limit at the platform.
 *
 * No maintained library fits this exactly (cockatiel has no rate limiter; bottleneck is
 * unmaintained), and the whole algorithm is the few lines below.
 */

/**
 * Pace at 98% of the configured rate: slots are computed from the ideal schedule, so timer
 * lateness does not accumulate, but one late request followed by an on-time one could otherwise put
 * `perMinute + 1` starts into some 60 s window.
 */
export const PACING_UTILIZATION = 0.98;

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sleeps, but rejects with the signal's reason as soon as it aborts. */
export async function sleepUnlessAborted(sleep: Sleep, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return sleep(ms);
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}

export class PauseTooLongError extends Error {
  constructor(readonly remainingMs: number) {
    super(`requests are paused for another ${Math.ceil(remainingMs / 1000)} s`);
    this.name = "PauseTooLongError";
  }
}

export class RequestPacer {
  private readonly intervalMs: number;
  private nextSlotMs = Number.NEGATIVE_INFINITY;
  private pausedUntilMs = Number.NEGATIVE_INFINITY;

  constructor(
    perMinute: number | undefined,
    private readonly sleep: Sleep,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = perMinute === undefined ? 0 : 60_000 / (perMinute * PACING_UTILIZATION);
  }

  /**
   * Waits for this request's slot; returns how long it waited (0 when it could start at once).
   * Throws PauseTooLongError instead of waiting when the platform asked for a pause longer than
   * `maxPauseMs` (a caller should not hang for an hour on a daily quota).
   */
  async acquire(signal?: AbortSignal, maxPauseMs = Number.POSITIVE_INFINITY): Promise<number> {
    let waited = 0;
    for (;;) {
      const now = this.now();
      const gate = this.pausedUntilMs;
      if (gate - now > maxPauseMs) throw new PauseTooLongError(gate - now);
      const slot = Math.max(now, this.nextSlotMs, gate);
      this.nextSlotMs = slot + this.intervalMs;
      if (slot > now) {
        waited += slot - now;
        await sleepUnlessAborted(this.sleep, slot - now, signal);
      }
      // a 429 that arrived while we slept moved the gate: take a new slot after it, still paced
      if (this.pausedUntilMs === gate) return waited;
    }
  }

  /** Holds every request back for `ms` (the platform asked us to wait, or the quota is used up). */
  pause(ms: number): void {
    const until = this.now() + ms;
    this.pausedUntilMs = Math.max(this.pausedUntilMs, until);
    this.nextSlotMs = Math.max(this.nextSlotMs, this.pausedUntilMs);
  }
}
