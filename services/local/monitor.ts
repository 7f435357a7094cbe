/**
 * The seed's IntegrationHealthMonitor: per integration, the last response times, success and error
 * counts and when monitoring began, turned into the figures the seed reports (average response
 * time, error rate, uptime) and alerts against `monitoring.alert_thresholds`.
 */
import type { MonitoringSettings } from "../fleet/schema.js";

export type CheckStatus = "healthy" | "unhealthy" | "stopped" | "not_configured" | "starting" | "unknown";

export interface CheckOutcome {
  readonly ok: boolean;
  readonly responseTimeMs: number;
  /** why the check failed, without secrets (e.g. "connection refused", "HTTP 503") */
  readonly error?: string;
}

export interface IntegrationFigures {
  readonly status: CheckStatus;
  readonly avgResponseTimeMs: number;
  readonly errorRatePercent: number;
  readonly uptimePercent: number;
  readonly totalChecks: number;
  readonly monitoredForSeconds: number;
  readonly lastCheck?: string;
  readonly lastError?: string;
  readonly alerts: readonly string[];
}

const KEEP_RESPONSE_TIMES = 100;

class IntegrationRecord {
  readonly responseTimes: number[] = [];
  successes = 0;
  errors = 0;
  lastCheck?: Date;
  lastError?: string;
  status: CheckStatus = "unknown";
  /** set while the integration's recent tool calls and API requests all fail: why */
  callsFailing?: string;

  constructor(readonly since: Date) {}
}

export class HealthMonitor {
  private readonly records = new Map<string, IntegrationRecord>();

  constructor(
    private readonly thresholds: MonitoringSettings["alert_thresholds"],
    private readonly now: () => Date = () => new Date(),
  ) {}

  register(name: string, status: CheckStatus = "unknown"): void {
    if (!this.records.has(name)) this.records.set(name, new IntegrationRecord(this.now()));
    this.setStatus(name, status);
  }

  /** a status that does not come from a check (stopped, not configured, restarting) */
  setStatus(name: string, status: CheckStatus): void {
    const record = this.records.get(name);
    if (record) record.status = status;
  }

  record(name: string, outcome: CheckOutcome): void {
    const record = this.records.get(name);
    if (!record) throw new Error(`integration "${name}" is not registered with the monitor`);
    record.lastCheck = this.now();
    if (outcome.ok) {
      record.successes += 1;
      record.responseTimes.push(outcome.responseTimeMs);
      if (record.responseTimes.length > KEEP_RESPONSE_TIMES) record.responseTimes.shift();
      record.status = "healthy";
    } else {
      record.errors += 1;
      record.lastError = outcome.error;
      record.status = "unhealthy";
    }
  }

  /**
   * Tool calls and platform API requests since the last reading, counted into the seed's figures
   * like checks. When every one of them failed, the integration is unhealthy whatever its liveness
   * probe says, with `cause` as the reason; a reading with a success clears that.
   */
  recordCalls(name: string, calls: { readonly ok: number; readonly failed: number; readonly cause?: string }): void {
    const record = this.records.get(name);
    if (!record) throw new Error(`integration "${name}" is not registered with the monitor`);
    if (calls.ok + calls.failed === 0) return;
    record.successes += calls.ok;
    record.errors += calls.failed;
    if (calls.failed > 0) record.lastError = calls.cause ?? "calls failed";
    record.callsFailing = calls.ok === 0 && calls.failed > 0 ? (calls.cause ?? "calls failed") : undefined;
  }

  figures(name: string): IntegrationFigures {
    const record = this.records.get(name);
    if (!record) throw new Error(`integration "${name}" is not registered with the monitor`);
    const total = record.successes + record.errors;
    const avg = record.responseTimes.length === 0 ? 0 : record.responseTimes.reduce((a, b) => a + b, 0) / record.responseTimes.length;
    const errorRate = total === 0 ? 0 : (record.errors / total) * 100;
    const uptime = total === 0 ? 100 : (record.successes / total) * 100;
    const failing = record.status === "healthy" && record.callsFailing !== undefined;
    return {
      status: failing ? "unhealthy" : record.status,
      avgResponseTimeMs: round(avg),
      errorRatePercent: round(errorRate),
      uptimePercent: round(uptime),
      totalChecks: total,
      monitoredForSeconds: Math.round((this.now().getTime() - record.since.getTime()) / 1000),
      ...(record.lastCheck ? { lastCheck: record.lastCheck.toISOString() } : {}),
      ...(failing ? { lastError: record.callsFailing! } : record.lastError ? { lastError: record.lastError } : {}),
      alerts: total === 0 ? [] : this.alerts(avg, errorRate, uptime),
    };
  }

  names(): string[] {
    return [...this.records.keys()];
  }

  private alerts(avgMs: number, errorRate: number, uptime: number): string[] {
    const alerts: string[] = [];
    if (avgMs > this.thresholds.response_time_ms) {
      alerts.push(`High response time: ${avgMs.toFixed(0)}ms (threshold ${this.thresholds.response_time_ms}ms)`);
    }
    if (errorRate > this.thresholds.error_rate_percent) {
      alerts.push(`High error rate: ${errorRate.toFixed(1)}% (threshold ${this.thresholds.error_rate_percent}%)`);
    }
    if (uptime < this.thresholds.uptime_percent) {
      alerts.push(`Low uptime: ${uptime.toFixed(1)}% (threshold ${this.thresholds.uptime_percent}%)`);
    }
    return alerts;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * GET a URL with a timeout and report the outcome the monitor records. `checkBody`, when given,
 * says what is wrong with a 2xx body (undefined: nothing), which makes the check fail.
 */
export async function probe(url: string, timeoutMs: number, checkBody?: (body: string) => string | undefined): Promise<CheckOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    const responseTimeMs = performance.now() - started;
    if (!response.ok) return { ok: false, responseTimeMs, error: `HTTP ${response.status}` };
    const problem = checkBody?.(body);
    return problem === undefined ? { ok: true, responseTimeMs } : { ok: false, responseTimeMs, error: problem };
  } catch (error) {
    return { ok: false, responseTimeMs: performance.now() - started, error: describeFetchError(error) };
  }
}

export function describeFetchError(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError") return "timed out";
  if (err.cause?.code === "ECONNREFUSED") return "connection refused";
  if (err.cause?.code) return err.cause.code;
  return err.cause?.message ?? err.message ?? "request failed";
}
