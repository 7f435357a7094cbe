import { describe, expect, it } from "vitest";
import { HealthMonitor } from "../../services/local/monitor.js";
import { callDelta, describeCallFailures, describeInbox, parseCallTotals, parseInboxFigures } from "../../services/local/server-metrics.js";
import { overallStatus, renderStatusPage, type IntegrationStatus } from "../../services/local/status.js";

const METRICS = `# HELP mcp_inbox_depth Events stored in the inbox and not yet processed (pending)
# TYPE mcp_inbox_depth gauge
mcp_inbox_depth{platform="slack"} 12
mcp_inbox_oldest_age_seconds{platform="slack"} 245.3
mcp_inbox_retrying{platform="slack"} 1
mcp_inbox_dead_letters{platform="slack"} 2
mcp_inbox_waiting_for_memory{platform="slack"} 1
mcp_inbox_waiting_for_platform{platform="slack"} 0
mcp_inbox_depth{platform="other"} 99
`;

describe("inbox figures on the status page", () => {
  it("reads the inbox gauges of one platform from its /metrics", () => {
    expect(parseInboxFigures(METRICS, "slack")).toEqual({ pending: 12, retrying: 1, dead: 2, oldestAgeSeconds: 245.3, waitingFor: "memory" });
    expect(parseInboxFigures("mcp_http_requests_total 3\n", "slack")).toBeUndefined();
  });

  it("says how many events wait for what, since when, and where the dead letters are", () => {
    expect(describeInbox(parseInboxFigures(METRICS, "slack"), "slack")).toEqual([
      "12 events waiting for memory (oldest 4 min)",
      "2 dead-lettered events: npm run inbox -- slack list",
    ]);
    // a backlog being drained normally is not a notice
    expect(describeInbox({ pending: 40, retrying: 0, dead: 0, oldestAgeSeconds: 1 }, "slack")).toEqual([]);
    // but one still undelivered after a minute is, though nothing is unavailable (an outage's backlog draining)
    expect(describeInbox({ pending: 187, retrying: 0, dead: 0, oldestAgeSeconds: 97 }, "slack")).toEqual(["187 events not yet stored in memory (oldest 97 s)"]);
  });

  it("an integration with notices is degraded even while its health checks pass", () => {
    const slack: IntegrationStatus = {
      platform: "slack",
      title: "Slack",
      port: 9003,
      mcpUrl: "http://127.0.0.1:9003/mcp",
      process: "running",
      restarts: 0,
      missingCredentials: [],
      credentialSources: {},
      notices: ["12 events waiting for memory (oldest 4 min)"],
      figures: { status: "healthy", avgResponseTimeMs: 2, errorRatePercent: 0, uptimePercent: 100, totalChecks: 5, monitoredForSeconds: 10, alerts: [] },
    };
    expect(overallStatus([slack])).toBe("degraded");
    expect(overallStatus([{ ...slack, notices: [] }])).toBe("healthy");
    // enabled but without its credentials: not started, so no figures, and the fleet is not healthy
    const hubspot: IntegrationStatus = { ...slack, platform: "hubspot", title: "HubSpot", port: 9002, process: "not configured", missingCredentials: ["HUBSPOT_ACCESS_TOKEN"], notices: [] };
    expect(overallStatus([{ ...slack, notices: [] }, hubspot])).toBe("degraded");
    const html = renderStatusPage({ generatedAt: "", overallStatus: "degraded", gatewayUrl: "", fleetFile: "", integrations: [slack] });
    expect(html).toContain('<span class="badge bad">degraded</span>');
    expect(html).toContain("12 events waiting for memory (oldest 4 min)");
  });
});

describe("tool calls and platform requests in the monitor's figures", () => {
  const before = `mcp_tool_calls_total{platform="slack",tool="slack_post_message",outcome="ok"} 4
mcp_tool_calls_total{platform="slack",tool="slack_post_message",outcome="invalid_input"} 2
mcp_upstream_requests_total{platform="slack",method="POST",status="200"} 4
`;
  const after = `mcp_tool_calls_total{platform="slack",tool="slack_post_message",outcome="ok"} 4
mcp_tool_calls_total{platform="slack",tool="slack_post_message",outcome="invalid_input"} 3
mcp_tool_calls_total{platform="slack",tool="slack_post_message",outcome="upstream_error"} 5
mcp_upstream_requests_total{platform="slack",method="POST",status="200"} 4
mcp_upstream_requests_total{platform="slack",method="POST",status="network"} 12
mcp_upstream_requests_total{platform="slack",method="POST",status="404"} 1
mcp_upstream_requests_total{platform="other",method="POST",status="network"} 99
`;

  it("counts what failed since the last reading, by cause; the agent's bad input is neither", () => {
    const delta = callDelta(parseCallTotals(before, "slack"), parseCallTotals(after, "slack"));
    // a 404 is the platform answering; an invalid input is the agent's mistake
    expect(delta).toEqual({ ok: 1, failed: 17, failures: { "tool call upstream_error": 5, network: 12 } });
    expect(describeCallFailures(delta, "Slack")).toBe("17 of 18 calls failed: Slack could not be reached (network)");
    // a restarted server's counters start again from zero
    expect(callDelta(parseCallTotals(after, "slack"), parseCallTotals(before, "slack"))).toEqual(parseCallTotals(before, "slack"));
  });

  it("while the circuit is open, names what opened it (the largest other platform failure so far)", () => {
    const opened = `mcp_upstream_requests_total{platform="slack",method="GET",status="network"} 5
mcp_tool_calls_total{platform="slack",tool="slack_list_channels",outcome="upstream_error"} 5
`;
    const later = `mcp_upstream_requests_total{platform="slack",method="GET",status="network"} 5
mcp_upstream_requests_total{platform="slack",method="GET",status="circuit_open"} 10
mcp_tool_calls_total{platform="slack",tool="slack_list_channels",outcome="upstream_error"} 14
`;
    const totals = parseCallTotals(later, "slack");
    const delta = callDelta(parseCallTotals(opened, "slack"), totals);
    expect(describeCallFailures(delta, "Slack", totals)).toBe(
      "19 of 19 calls failed: requests to Slack paused after repeated failures (circuit open): Slack could not be reached (network)",
    );
    expect(describeCallFailures(delta, "Slack")).toBe("19 of 19 calls failed: requests to Slack paused after repeated failures (circuit open)");
  });

  it("an integration whose calls all fail is unhealthy at its real error rate, though its liveness probe answers", () => {
    const monitor = new HealthMonitor({ response_time_ms: 5_000, error_rate_percent: 5, uptime_percent: 99 });
    monitor.register("slack");
    for (let i = 0; i < 3; i += 1) monitor.record("slack", { ok: true, responseTimeMs: 2 });
    monitor.recordCalls("slack", { ok: 0, failed: 12, cause: "12 of 12 calls failed: Slack could not be reached (network)" });
    monitor.record("slack", { ok: true, responseTimeMs: 2 });
    const figures = monitor.figures("slack");
    expect(figures.status).toBe("unhealthy");
    expect(figures.lastError).toBe("12 of 12 calls failed: Slack could not be reached (network)");
    expect(figures.errorRatePercent).toBe(75);
    expect(figures.alerts).toContain("High error rate: 75.0% (threshold 5%)");
    // calls succeed again: healthy (the rate remembers what happened)
    monitor.recordCalls("slack", { ok: 3, failed: 0 });
    expect(monitor.figures("slack").status).toBe("healthy");
  });
});
