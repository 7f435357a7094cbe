/**
 * The bounds of one tool call: a signal that aborts when the client cancels or disconnects, the
 * server stops, or the call's deadline (MCP_TOOL_DEADLINE_MS) is reached, whichever comes first.
 *
 * They travel with AsyncLocalStorage rather than as an argument, so that no platform can forget
 * them: the platform HTTP client (http/executor.ts) and the Snowflake session join the current
 * call's signal to every request they send, whether or not the platform code passed one along.
 * Outside a tool call (webhook processing, syncs) there are no bounds and nothing changes.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { UpstreamError } from "./contract.js";

/**
 * Long enough for the HTTP client's own worst case (4 attempts of at most 30 s), short enough that
 * a caller hears why instead of waiting on a call that cannot finish.
 */
export const DEFAULT_TOOL_DEADLINE_MS = 120_000;

/** The abort reason when a call's deadline is reached. */
export class DeadlineReached extends Error {
  constructor(readonly limitMs: number) {
    super(`deadline of ${formatLimit(limitMs)} reached`);
    this.name = "DeadlineReached";
  }
}

/** A platform request stopped by the call's deadline; the message says what it was doing then. */
export class UpstreamDeadlineError extends UpstreamError {
  constructor(platform: string, readonly limitMs: number, retryable: boolean, safeMessage: string, detail?: string, retryAfterMs?: number) {
    super(platform, 0, retryable, safeMessage, detail, retryAfterMs);
  }
}

export interface CallBounds {
  /** aborts on cancel, disconnect, shutdown, or (reason DeadlineReached) the deadline */
  readonly signal: AbortSignal;
  readonly deadlineMs: number;
  /** ms until the deadline; 0 once reached */
  remainingMs(): number;
}

export interface StartedCall extends CallBounds {
  /** stops the deadline timer and detaches from the caller's signal; call when the call is over */
  end(): void;
}

const storage = new AsyncLocalStorage<CallBounds>();

/** Bounds for a call that `signal` can cancel and that ends after `deadlineMs` at the latest. */
export function startCall(signal: AbortSignal, deadlineMs: number): StartedCall {
  const controller = new AbortController();
  const endsAt = Date.now() + deadlineMs;
  const timer = setTimeout(() => controller.abort(new DeadlineReached(deadlineMs)), deadlineMs);
  const follow = () => controller.abort(signal.reason);
  if (signal.aborted) follow();
  else signal.addEventListener("abort", follow, { once: true });
  return {
    signal: controller.signal,
    deadlineMs,
    remainingMs: () => (controller.signal.aborted ? 0 : Math.max(0, endsAt - Date.now())),
    end() {
      clearTimeout(timer);
      signal.removeEventListener("abort", follow);
    },
  };
}

/** Runs `fn` as the work of the call `bounds` belongs to. */
export function runWithinCall<T>(bounds: CallBounds, fn: () => T): T {
  return storage.run(bounds, fn);
}

/** The bounds of the tool call this code runs for, if any. */
export function currentCall(): CallBounds | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` as nobody's call: for work whose result other calls share (a token refresh, a
 * single-flight cache load), which one caller's cancel or deadline must not cut short. Each caller
 * still stops waiting for it at its own bounds (`untilAborted`).
 */
export function outsideAnyCall<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** A request's own signal joined with the current call's (either may be missing). */
export function joinCallSignal(own: AbortSignal | undefined): AbortSignal | undefined {
  const call = storage.getStore()?.signal;
  if (call === undefined || own === call) return own ?? call;
  return own === undefined ? call : AbortSignal.any([own, call]);
}

/** The DeadlineReached a signal aborted with, if that is why it aborted. */
export function deadlineReached(signal: AbortSignal | undefined): DeadlineReached | undefined {
  return signal?.aborted === true && signal.reason instanceof DeadlineReached ? signal.reason : undefined;
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts (the work itself goes on). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return settleOrAbort(promise, signal, (reject) => reject(signal.reason as Error));
}

/**
 * `promise` as it settles, unless `signal` aborts first (or has already): then `onAbort` is handed
 * the rejection and decides when to use it. The abort listener goes once the promise settles.
 */
export function settleOrAbort<T>(promise: Promise<T>, signal: AbortSignal, onAbort: (reject: (reason: Error) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => onAbort(reject);
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error as Error);
      },
    );
  });
}

/** "120 s", "1.5 s", "250 ms" */
export function formatLimit(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
