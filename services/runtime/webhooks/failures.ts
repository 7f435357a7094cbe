/**
 * What a failed inbox event is waiting for. The worker treats the three kinds differently:
 * - "waiting": the memory service (or the platform API the event's conversion reads) could not
 *   take the event now: unreachable, timed out, 5xx, 429, or not configured at all. This is never
 *   the event's fault, so it never counts toward dead-lettering; the event is retried with capped
 *   backoff for as long as the inbox's retention allows.
 * - "rejected": the memory service answered that the records are invalid (a 4xx other than
 *   401/403/408/429). Retrying cannot help: the event is dead-lettered at once with the reason,
 *   and can be re-driven (npm run inbox) once the cause is fixed.
 * - "failed": anything else (a bug or an unexpected payload in the platform's conversion): retried
 *   a bounded number of times, then dead-lettered with its last error.
 */
import { MemoryIngestError } from "../../memory/client.js";
import { UpstreamError } from "../contract.js";

export type FailureKind = "waiting" | "rejected" | "failed";

export interface ClassifiedFailure {
  readonly kind: FailureKind;
  /** what the event waits for, for "waiting": the memory service or the platform's API */
  readonly waitingFor?: "memory" | "platform";
}

/** 401/403: the sink does not accept our token; an operator fixes that, the event is not at fault */
const SINK_NOT_ACCEPTING = new Set([401, 403, 408, 429]);

export function classifyFailure(error: unknown): ClassifiedFailure {
  if (error instanceof MemoryIngestError) {
    const { status } = error;
    if (status === 0 || status >= 500 || SINK_NOT_ACCEPTING.has(status)) return { kind: "waiting", waitingFor: "memory" };
    return { kind: "rejected" };
  }
  if (error instanceof UpstreamError && (error.retryable || error.status === 0)) return { kind: "waiting", waitingFor: "platform" };
  return { kind: "failed" };
}
