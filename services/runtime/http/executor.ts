/**
 * The one place that sends a request to a platform API: auth headers, client-side pacing, a
 * per-attempt timeout, a circuit breaker (cockatiel), retries with full-jitter backoff that honour
 * Retry-After, one retry after a 401 when the auth scheme refreshed its token, and metrics.
 *
 * The retry loop is ours rather than cockatiel's RetryPolicy because it must wait for the
 * platform's Retry-After (and give up honestly when that is too long), pause every other request of
 * this client during that wait, stop waiting when the caller aborts, and use an injectable sleep and
 * random source so tests do not wait in real time.
 */
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from "cockatiel";
import type { Logger } from "pino";
import { currentCall, DeadlineReached, formatLimit, joinCallSignal, outsideAnyCall, untilAborted, UpstreamDeadlineError } from "../call-bounds.js";
import { UpstreamError, type AuthScheme } from "../contract.js";
import type { UpstreamMetrics } from "./metrics.js";
import { PauseTooLongError, RequestPacer, sleepUnlessAborted, type Sleep } from "./pacing.js";
import {
  backoffDelayMs,
  isIdempotent,
  isRetryable,
  networkErrorCode,
  outcomeLabel,
  quotaExhaustedForMs,
  requestedWaitMs,
  type AttemptOutcome,
} from "./retry-rules.js";
import { describeRequest } from "./safe-messages.js";

export interface PreparedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: Uint8Array | string | undefined;
  readonly signal: AbortSignal | undefined;
  /** read the whole body inside the attempt, so a slow or cut body is retried like a slow answer */
  readonly readBody: boolean;
  /** the caller declared the request free of side effects (HttpRequest.idempotent) */
  readonly declaredRead: boolean;
}

export interface ExecutedResponse {
  readonly response: Response;
  /** the body, when the request asked for it to be read */
  readonly bodyText: string | undefined;
  readonly idempotent: boolean;
  /** how long the platform asked us to wait before trying again, if it did */
  readonly retryAfterMs: number | undefined;
}

export interface ExecutorOptions {
  readonly platform: string;
  /** the platform's title from its facts ("HubSpot"), for messages */
  readonly title: string;
  readonly auth: AuthScheme;
  readonly log: Logger;
  readonly metrics: UpstreamMetrics;
  readonly pacer: RequestPacer;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  /** longest Retry-After (or quota pause) we wait for; longer ones end in a retryable UpstreamError */
  readonly maxRetryWaitMs: number;
  readonly breaker: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number };
  readonly sleep: Sleep;
  readonly random: () => number;
}

/** An attempt that failed below HTTP (reset socket, refused connection, timeout). */
class TransportFailure extends Error {
  constructor(readonly outcome: Extract<AttemptOutcome, { kind: "network" | "timeout" }>, readonly underlying: unknown) {
    super(outcome.kind === "timeout" ? "timeout" : outcome.code);
    this.name = "TransportFailure";
  }
}

interface AttemptResult {
  readonly response: Response;
  readonly bodyText: string | undefined;
}

/** Where a request is, for the error that says which limit stopped it. */
interface Progress {
  phase: "queue" | "retry" | "token" | "response";
  attempts: number;
  /** the outcome a retry follows */
  retryAfter?: AttemptOutcome;
}

export class RequestExecutor {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly title: string;
  /** what the last failure the breaker counted was: the cause named when the circuit opens */
  private lastFailure: { readonly reached: boolean; readonly detail: string } | undefined;
  /** when the open circuit lets a probe through again (cockatiel's own rule: opened + halfOpenAfter, on Date.now()) */
  private probeDueAt = 0;

  constructor(private readonly options: ExecutorOptions) {
    this.title = options.title;
    // 5xx answers and transport failures count against the platform; 4xx (including 429) mean it is up
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof TransportFailure).orWhenResult(
        (result) => (result as AttemptResult).response.status >= 500,
      ),
      {
        halfOpenAfter: options.breaker.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.breaker.consecutiveFailures),
      },
    );
    this.breaker.onBreak(() => {
      this.probeDueAt = Date.now() + options.breaker.halfOpenAfterMs;
      options.log.warn(
        { platform: options.platform, cause: this.lastFailure?.detail, reached: this.lastFailure?.reached, pauseMs: options.breaker.halfOpenAfterMs },
        `circuit opened: ${this.failureSummary()}; requests are paused`,
      );
    });
    this.breaker.onReset(() => options.log.info({ platform: options.platform }, `circuit closed: ${this.title} answers again`));
  }

  /** "Slack could not be reached (ENOTFOUND)" or "Slack answered with errors (HTTP 503)" */
  private failureSummary(): string {
    const failure = this.lastFailure;
    if (failure === undefined) return `${this.title} failed repeatedly`;
    return failure.reached ? `${this.title} answered with errors (${failure.detail})` : `${this.title} could not be reached (${failure.detail})`;
  }

  /**
   * Inside a tool call, the request also stops when the call does (cancel, disconnect, shutdown,
   * deadline: call-bounds.ts), whether or not its caller passed a signal; a deadline ends in an
   * UpstreamError that says what the request was doing when it was reached.
   */
  async execute(prepared: PreparedRequest): Promise<ExecutedResponse> {
    const request: PreparedRequest = { ...prepared, signal: joinCallSignal(prepared.signal) };
    const progress: Progress = { phase: "queue", attempts: 0 };
    try {
      return await this.executeWithin(request, progress);
    } catch (error) {
      if (error instanceof DeadlineReached) throw this.deadlineError(error, request, progress);
      throw error;
    }
  }

  private async executeWithin(request: PreparedRequest, progress: Progress): Promise<ExecutedResponse> {
    const { options } = this;
    const idempotent = isIdempotent(request.method, request.headers, request.declaredRead);
    const described = describeRequest(request.method, request.url);
    let refreshedAfter401 = false;

    for (let attempt = 1; ; attempt += 1) {
      // refused at once while the circuit is open: a request the breaker will turn away must not
      // first wait for a rate-limit slot (with the platform down, an inbox draining events whose
      // conversion calls it would otherwise go at the API's pace, seconds per event, for nothing)
      if (this.breaker.state === CircuitState.Open && Date.now() < this.probeDueAt) throw this.circuitOpenError(request, described);
      await this.waitForSlot(request, described, progress);
      progress.attempts += 1;
      const result = await this.attemptThroughBreaker(request, described, progress);
      const outcome: AttemptOutcome =
        "outcome" in result ? result.outcome : { kind: "response", status: result.response.status, headers: result.response.headers };

      if ("response" in result) {
        const { response } = result;
        const quotaWait = quotaExhaustedForMs(response.headers, Date.now());
        if (quotaWait !== undefined) options.pacer.pause(quotaWait);

        if (response.status === 401 && !refreshedAfter401 && options.auth.onUnauthorized !== undefined) {
          refreshedAfter401 = true;
          progress.phase = "token";
          const { onUnauthorized } = options.auth;
          const refreshed = await untilAborted(outsideAnyCall(() => onUnauthorized.call(options.auth)), request.signal);
          progress.phase = "queue";
          if (refreshed) {
            await discard(response);
            attempt -= 1; // the refreshed retry does not spend the retry budget
            continue;
          }
        }
        const requested = response.status === 429 || response.status === 503 ? requestedWaitMs(response.headers, Date.now()) : undefined;
        if (response.status === 429) options.metrics.rateLimited.inc({ platform: options.platform, source: "upstream" });
        // the platform's wait applies to every later request of this client, retried or not
        if (requested !== undefined) options.pacer.pause(requested);
        if (response.ok || !isRetryable(outcome, idempotent) || attempt >= options.maxAttempts || (requested ?? 0) > options.maxRetryWaitMs) {
          return { response, bodyText: result.bodyText, idempotent, retryAfterMs: requested };
        }
        await discard(response);
        Object.assign(progress, { phase: "retry", retryAfter: outcome });
        await this.backOff(request, attempt, outcome, requested);
        continue;
      }

      if (!isRetryable(outcome, idempotent) || attempt >= options.maxAttempts) {
        const what = outcome.kind === "timeout" ? `did not answer within ${options.timeoutMs} ms` : "could not be reached";
        throw new UpstreamError(
          options.platform,
          0,
          isRetryable(outcome, idempotent),
          `${this.title} ${what} for ${described}${attempt > 1 ? ` (${attempt} attempts)` : ""}`,
          `${outcomeLabel(outcome)}: ${errorText(result.underlying)}`,
        );
      }
      Object.assign(progress, { phase: "retry", retryAfter: outcome });
      await this.backOff(request, attempt, outcome, undefined);
    }
  }

  /** "Slack: deadline of 120 s reached while retrying after HTTP 503 (3 attempts) for GET /api/conversations.list" */
  private deadlineError(reached: DeadlineReached, request: PreparedRequest, progress: Progress): UpstreamDeadlineError {
    const described = describeRequest(request.method, request.url);
    const attempts = progress.attempts > 1 ? ` (${progress.attempts} attempts)` : "";
    const doing = this.doing(progress);
    this.options.metrics.requests.inc({ platform: this.options.platform, method: request.method, status: "deadline" });
    return new UpstreamDeadlineError(
      this.options.platform,
      reached.limitMs,
      true,
      `${this.title}: deadline of ${formatLimit(reached.limitMs)} reached ${doing}${attempts} for ${described}`,
      `tool call deadline (MCP_TOOL_DEADLINE_MS=${reached.limitMs}) reached in phase ${progress.phase}`,
    );
  }

  /** what a request was doing, as the end of "deadline of 20 s reached ..." */
  private doing(progress: Progress): string {
    switch (progress.phase) {
      case "queue":
        return "while waiting in the rate-limit queue";
      case "retry":
        return `while retrying after ${outcomeText(progress.retryAfter)}`;
      case "token":
        return "while waiting for an access token";
      case "response":
        return `while waiting for ${this.title}'s response`;
    }
  }

  private async waitForSlot(request: PreparedRequest, described: string, progress: Progress): Promise<void> {
    const { options } = this;
    const call = currentCall();
    const deadlineLeftMs = call?.remainingMs() ?? Number.POSITIVE_INFINITY;
    try {
      const waited = await options.pacer.acquire(request.signal, Math.min(options.maxRetryWaitMs, deadlineLeftMs));
      if (waited > 0) options.metrics.rateLimited.inc({ platform: options.platform, source: "client" });
    } catch (error) {
      if (!(error instanceof PauseTooLongError)) throw error;
      if (call !== undefined && error.remainingMs <= options.maxRetryWaitMs) {
        // the platform's pause would outlast the call: say so now rather than wait for the deadline
        throw new UpstreamDeadlineError(
          options.platform,
          call.deadlineMs,
          true,
          `${this.title}: deadline of ${formatLimit(call.deadlineMs)} would be reached ${this.doing(progress)}: ${described} can be retried in ${Math.ceil(error.remainingMs / 1000)} s`,
          `tool call deadline (MCP_TOOL_DEADLINE_MS=${call.deadlineMs}): ${Math.ceil(deadlineLeftMs)} ms left`,
          Math.ceil(error.remainingMs),
        );
      }
      throw new UpstreamError(
        options.platform,
        429,
        true,
        `${this.title} rate limit reached; ${described} can be retried in ${Math.ceil(error.remainingMs / 1000)} s`,
        undefined,
        Math.ceil(error.remainingMs),
      );
    }
  }

  private async backOff(request: PreparedRequest, attempt: number, outcome: AttemptOutcome, requestedMs: number | undefined): Promise<void> {
    const { options } = this;
    const jitter = backoffDelayMs(attempt, options.random, options.backoffBaseMs, options.backoffCapMs);
    // A wait the platform names applies to every request of this client, not just this one: it
    // pauses the pacer (plus a little jitter so clients do not stampede), and the retry waits for
    // its slot there. Otherwise only this request backs off.
    const delay = requestedMs === undefined ? jitter : requestedMs + Math.min(jitter, options.backoffBaseMs);
    options.metrics.retries.inc({ platform: options.platform, reason: outcomeLabel(outcome) });
    options.log.debug(
      { platform: options.platform, request: describeRequest(request.method, request.url), outcome: outcomeLabel(outcome), attempt, delayMs: delay },
      "retrying platform request",
    );
    if (requestedMs === undefined) await sleepUnlessAborted(options.sleep, delay, request.signal);
    else options.pacer.pause(delay);
  }

  private async attemptThroughBreaker(
    request: PreparedRequest,
    described: string,
    progress: Progress,
  ): Promise<AttemptResult | { outcome: TransportFailure["outcome"]; underlying: unknown }> {
    const { options } = this;
    try {
      return await this.breaker.execute(() => this.attempt(request, progress));
    } catch (error) {
      if (error instanceof TransportFailure) return { outcome: error.outcome, underlying: error.underlying };
      if (error instanceof BrokenCircuitError) throw this.circuitOpenError(request, described);
      throw error;
    }
  }

  private circuitOpenError(request: PreparedRequest, described: string): UpstreamError {
    const { options } = this;
    options.metrics.requests.inc({ platform: options.platform, method: request.method, status: "circuit_open" });
    return new UpstreamError(
      options.platform,
      0,
      true,
      `${this.failureSummary()} ${options.breaker.consecutiveFailures} times in a row, so requests are paused for up to ${Math.round(options.breaker.halfOpenAfterMs / 1000)} s (circuit open) for ${described}`,
      `circuit breaker open; last failure: ${this.lastFailure?.detail ?? "unknown"}`,
    );
  }

  private async attempt(request: PreparedRequest, progress: Progress): Promise<AttemptResult> {
    const { options } = this;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
    const headers = new Headers(request.headers);
    // a token refresh is shared by every call waiting for it: this call stops waiting at its
    // bounds, but does not cancel the refresh for the others
    progress.phase = "token";
    const authHeaders = await untilAborted(outsideAnyCall(() => options.auth.headers()), request.signal);
    for (const [name, value] of Object.entries(authHeaders)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    progress.phase = "response";
    const stopTimer = options.metrics.duration.startTimer({ platform: options.platform, method: request.method });
    try {
      const response = await fetch(request.url, { method: request.method, headers, body: request.body, signal, redirect: "follow" });
      const bodyText = request.readBody ? await response.text() : undefined;
      options.metrics.requests.inc({ platform: options.platform, method: request.method, status: String(response.status) });
      if (response.status >= 500) this.lastFailure = { reached: true, detail: `HTTP ${response.status}` };
      return { response, bodyText };
    } catch (error) {
      if (request.signal?.aborted === true) throw request.signal.reason;
      const outcome: TransportFailure["outcome"] = timeout.aborted ? { kind: "timeout" } : { kind: "network", code: networkErrorCode(error) };
      options.metrics.requests.inc({ platform: options.platform, method: request.method, status: outcome.kind === "timeout" ? "timeout" : "network" });
      this.lastFailure = outcome.kind === "timeout" ? { reached: false, detail: `no answer within ${options.timeoutMs} ms` } : { reached: false, detail: outcome.code };
      throw new TransportFailure(outcome, error);
    } finally {
      stopTimer();
    }
  }
}

/** "HTTP 503", "a timeout", "a network error (ECONNRESET)" */
function outcomeText(outcome: AttemptOutcome | undefined): string {
  if (outcome === undefined) return "a failure";
  if (outcome.kind === "response") return `HTTP ${outcome.status}`;
  return outcome.kind === "timeout" ? "a timeout" : `a network error (${outcome.code})`;
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = networkErrorCode(error);
    return code === "UNKNOWN" ? error.message : `${error.message} (${code})`;
  }
  return String(error);
}
