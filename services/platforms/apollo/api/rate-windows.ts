/**
 * Apollo limits every endpoint per minute, per hour and per day at once (paid default 200/min,
 * 400/h, 2,000/day; each team's real values in POST /usage_stats/api_usage_stats) and reports the
 * state of all three windows on every answer:
 *
 *   x-rate-limit-minute / x-minute-usage / x-minute-requests-left
 *   x-rate-limit-hourly / x-hourly-usage / x-hourly-requests-left
 *   x-rate-limit-24-hour / x-24-hour-usage / x-24-hour-requests-left
 *
 * with no reset time. The runtime's pacer spaces requests under `api_calls_per_minute` for the whole
 * integration; this gate adds what it cannot know: per endpoint, a request starts only when, in each
 * of the three windows, (a) fewer than the window's limit of our own requests started within its
 * length (a rolling window, the strictest reading of a limit without a reset time), and (b) Apollo's
 * last reported `requests-left` has not been used up since it was reported (other processes and
 * other clients of the same team spend the same quota). A wait longer than the caller's patience is
 * not slept: the call fails with a retryable 429 naming the window and when it frees up. A used-up
 * daily window is reported to /readyz (definition.readiness).
 */
import { UpstreamError } from "../../../runtime/contract.js";
import { type Sleep, sleepUnlessAborted } from "../../../runtime/http/pacing.js";

export const WINDOW_NAMES = ["minute", "hour", "day"] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

interface WindowSpec {
  readonly ms: number;
  readonly limitHeader: string;
  readonly usageHeader: string;
  readonly leftHeader: string;
  readonly label: string;
}

export const WINDOWS: Readonly<Record<WindowName, WindowSpec>> = {
  minute: { ms: 60_000, limitHeader: "x-rate-limit-minute", usageHeader: "x-minute-usage", leftHeader: "x-minute-requests-left", label: "per-minute" },
  hour: { ms: 3_600_000, limitHeader: "x-rate-limit-hourly", usageHeader: "x-hourly-usage", leftHeader: "x-hourly-requests-left", label: "hourly" },
  day: { ms: 86_400_000, limitHeader: "x-rate-limit-24-hour", usageHeader: "x-24-hour-usage", leftHeader: "x-24-hour-requests-left", label: "daily" },
};

/** Apollo's paid-plan defaults, used for an endpoint until its first answer names its real limits. */
export const DEFAULT_LIMITS: Readonly<Record<WindowName, number>> = { minute: 200, hour: 400, day: 2_000 };

export interface RateWindowsOptions {
  readonly limits?: Partial<Record<WindowName, number>>;
  /** window lengths; Apollo's are 60 s, 1 h and 24 h (the benchmark scales them down) */
  readonly windowMs?: Partial<Record<WindowName, number>>;
  readonly now?: () => number;
  readonly sleep?: Sleep;
}

interface Reported {
  readonly left: number;
  readonly at: number;
  /** how many requests we had started when the answer came */
  readonly startedBefore: number;
}

interface Sent {
  /** when the request started, moved to when its answer came once it came (Apollo counted it by then) */
  at: number;
  /** its number among this endpoint's requests, from 1 */
  readonly seq: number;
}

interface EndpointState {
  /** our requests in the order they started, kept for two days */
  starts: Sent[];
  /** requests started in all */
  started: number;
  readonly limits: Record<WindowName, number>;
  readonly reported: Partial<Record<WindowName, Reported>>;
}

export interface WindowStatus {
  readonly endpoint: string;
  readonly window: WindowName;
  readonly limit: number;
  /** Apollo's last reported requests left, when it reported one */
  readonly reportedLeft?: number;
  readonly freeInMs: number;
}

function parseCount(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function duration(ms: number): string {
  if (ms < 90_000) return `${Math.ceil(ms / 1000)} s`;
  if (ms < 90 * 60_000) return `${Math.ceil(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export class RateWindows {
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly ms: Record<WindowName, number>;
  private readonly defaults: Record<WindowName, number>;
  private readonly now: () => number;
  private readonly sleep: Sleep;

  constructor(options: RateWindowsOptions = {}) {
    this.ms = { minute: options.windowMs?.minute ?? WINDOWS.minute.ms, hour: options.windowMs?.hour ?? WINDOWS.hour.ms, day: options.windowMs?.day ?? WINDOWS.day.ms };
    this.defaults = { ...DEFAULT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private state(endpoint: string): EndpointState {
    let state = this.endpoints.get(endpoint);
    if (state === undefined) {
      state = { starts: [], started: 0, limits: { ...this.defaults }, reported: {} };
      this.endpoints.set(endpoint, state);
    }
    return state;
  }

  /** How long `endpoint` must wait in `window` before one more request may start (0: now). */
  private waitIn(state: EndpointState, window: WindowName, now: number): number {
    const length = this.ms[window];
    const inWindow = state.starts.map((sent) => sent.at).filter((at) => at > now - length).sort((a, b) => a - b);
    let wait = 0;
    const limit = state.limits[window];
    if (inWindow.length >= limit) {
      // the request that must leave the window before one more fits
      const leaving = inWindow[inWindow.length - limit]!;
      wait = leaving + length - now;
    }
    const reported = state.reported[window];
    if (reported !== undefined && reported.at > now - length) {
      // Apollo's count when it answered, plus those of our requests it counted that have since left
      // the window, minus what we started after its answer
      const sentSince = state.started - reported.startedBefore;
      const counted = state.starts.filter((sent) => sent.seq <= reported.startedBefore && sent.at > reported.at - length).map((sent) => sent.at);
      const stillCounted = counted.filter((at) => at > now - length).sort((a, b) => a - b);
      const budget = reported.left + (counted.length - stillCounted.length);
      if (sentSince >= budget) {
        // spent: it frees up when the oldest of our counted requests ages out, or a whole window
        // after the answer when none of ours is counted (another client of the team spent it)
        const frees = stillCounted[0] ?? reported.at;
        wait = Math.max(wait, frees + length - now);
      }
    }
    return Math.max(0, wait);
  }

  private blocking(state: EndpointState, now: number): { window: WindowName; waitMs: number } | undefined {
    let worst: { window: WindowName; waitMs: number } | undefined;
    for (const window of WINDOW_NAMES) {
      const waitMs = this.waitIn(state, window, now);
      if (waitMs > 0 && (worst === undefined || waitMs > worst.waitMs)) worst = { window, waitMs };
    }
    return worst;
  }

  /**
   * Waits until one more request to `endpoint` fits all three windows, then counts it as started
   * and returns its number (for observe). Throws a retryable 429 UpstreamError instead of waiting longer than `maxWaitMs`.
   */
  async acquire(endpoint: string, signal: AbortSignal | undefined, maxWaitMs: number): Promise<number> {
    const state = this.state(endpoint);
    for (;;) {
      const now = this.now();
      const block = this.blocking(state, now);
      if (block === undefined) {
        state.started += 1;
        // kept for two days: a daily report still counts requests from up to a day before it
        const keepAfter = now - 2 * this.ms.day;
        if (state.starts.length > 0 && state.starts[0]!.at <= keepAfter) state.starts = state.starts.filter((sent) => sent.at > keepAfter);
        state.starts.push({ at: now, seq: state.started });
        return state.started;
      }
      if (block.waitMs > maxWaitMs) {
        throw new UpstreamError(
          "apollo",
          429,
          true,
          `Apollo's ${WINDOWS[block.window].label} limit for ${endpoint} (${state.limits[block.window]} requests) is used up; try again in ${duration(block.waitMs)}`,
          undefined,
          Math.ceil(block.waitMs),
        );
      }
      await sleepUnlessAborted(this.sleep, block.waitMs, signal);
    }
  }

  /**
   * Reads Apollo's x-rate-limit-* headers from the answer to request `seq` (acquire's number) of
   * `endpoint`, and dates that request by its answer: Apollo counted it somewhere in between, so
   * it leaves a window no earlier than a window after its answer.
   */
  observe(endpoint: string, headers: Headers, seq?: number): void {
    const state = this.state(endpoint);
    const now = this.now();
    const sent = seq === undefined ? undefined : state.starts.find((candidate) => candidate.seq === seq);
    if (sent !== undefined) sent.at = Math.max(sent.at, now);
    for (const window of WINDOW_NAMES) {
      const spec = WINDOWS[window];
      const limit = parseCount(headers.get(spec.limitHeader));
      if (limit !== undefined && limit > 0) state.limits[window] = limit;
      const left = parseCount(headers.get(spec.leftHeader));
      if (left !== undefined) state.reported[window] = { left, at: now, startedBefore: state.started };
    }
  }

  /** Every endpoint whose daily window is used up now, for /readyz. */
  problems(): string[] {
    const now = this.now();
    const problems: string[] = [];
    for (const [endpoint, state] of this.endpoints) {
      const waitMs = this.waitIn(state, "day", now);
      if (waitMs > 0) {
        problems.push(
          `Apollo daily API quota for ${endpoint} is used up (0 of ${state.limits.day} requests left); it frees up in about ${duration(waitMs)}`,
        );
      }
    }
    return problems;
  }

  /** The windows each endpoint used so far stands at (for the usage tool). */
  status(): WindowStatus[] {
    const now = this.now();
    return [...this.endpoints].flatMap(([endpoint, state]) =>
      WINDOW_NAMES.map((window) => {
        const reported = state.reported[window];
        return {
          endpoint,
          window,
          limit: state.limits[window],
          ...(reported === undefined ? {} : { reportedLeft: reported.left }),
          freeInMs: this.waitIn(state, window, now),
        };
      }),
    );
  }
}
