import { describe, expect, it } from "vitest";
import { HealthMonitor } from "../../services/local/monitor.js";

const thresholds = { response_time_ms: 100, error_rate_percent: 5, uptime_percent: 99 };

describe("health monitor (the seed's IntegrationHealthMonitor)", () => {
  it("computes average response time, error rate and uptime, and raises alerts against thresholds", () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const monitor = new HealthMonitor(thresholds, () => now);
    monitor.register("slack");
    for (let i = 0; i < 9; i += 1) monitor.record("slack", { ok: true, responseTimeMs: 50 + i * 20 });
    monitor.record("slack", { ok: false, responseTimeMs: 3000, error: "connection refused" });
    now = new Date("2026-01-01T00:10:00Z");
    const figures = monitor.figures("slack");
    expect(figures).toMatchObject({
      status: "unhealthy",
      avgResponseTimeMs: 130,
      errorRatePercent: 10,
      uptimePercent: 90,
      totalChecks: 10,
      monitoredForSeconds: 600,
      lastError: "connection refused",
    });
    expect(figures.alerts).toEqual([
      "High response time: 130ms (threshold 100ms)",
      "High error rate: 10.0% (threshold 5%)",
      "Low uptime: 90.0% (threshold 99%)",
    ]);
  });

  it("keeps only the last 100 response times", () => {
    const monitor = new HealthMonitor(thresholds);
    monitor.register("gong");
    monitor.record("gong", { ok: true, responseTimeMs: 10_000 });
    for (let i = 0; i < 100; i += 1) monitor.record("gong", { ok: true, responseTimeMs: 10 });
    expect(monitor.figures("gong")).toMatchObject({ avgResponseTimeMs: 10, status: "healthy", alerts: [] });
  });

  it("raises no alert before the first check", () => {
    const monitor = new HealthMonitor(thresholds);
    monitor.register("linear", "starting");
    expect(monitor.figures("linear")).toMatchObject({ status: "starting", totalChecks: 0, alerts: [] });
  });

  it("refuses outcomes for integrations it does not know", () => {
    expect(() => new HealthMonitor(thresholds).record("nope", { ok: true, responseTimeMs: 1 })).toThrow(/"nope" is not registered/);
  });
});
