/**
 * The webhook intake's limit (rate_limits.webhook_events_per_minute): a token bucket holding a
 * minute's allowance, refilled continuously. Over the limit the answer is 429 with Retry-After,
 * so the platform redelivers later; nothing is dropped silently.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = perMinute;
    this.updatedAt = this.now();
  }

  /** Takes one token; returns undefined when granted, else the seconds until one is available. */
  take(): number | undefined {
    const now = this.now();
    this.tokens = Math.min(this.perMinute, this.tokens + ((now - this.updatedAt) * this.perMinute) / 60_000);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil(((1 - this.tokens) * 60) / this.perMinute));
  }
}
