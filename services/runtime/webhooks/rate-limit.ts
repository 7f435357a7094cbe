/**
 * The webhook intake's limit (rate_limits.webhook_events_per_minute): a token bucket holding a
 * minute's allowance, refilled continuously, counting events rather than requests (one HubSpot
 * request carries up to 100). Over the limit the answer is 429 with Retry-After, so the platform
 * redelivers later; nothing is dropped silently.
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

  /**
   * Takes `count` tokens (events); returns undefined when granted, else the seconds until they are
   * available. A batch larger than a whole minute's allowance is admitted once the bucket is full and
   * leaves it in debt, so it is never refused forever and the average rate still holds.
   */
  take(count = 1): number | undefined {
    const now = this.now();
    this.tokens = Math.min(this.perMinute, this.tokens + ((now - this.updatedAt) * this.perMinute) / 60_000);
    this.updatedAt = now;
    const needed = Math.min(count, this.perMinute);
    if (this.tokens >= needed) {
      this.tokens -= count;
      return undefined;
    }
    return Math.max(1, Math.ceil(((needed - this.tokens) * 60) / this.perMinute));
  }
}
