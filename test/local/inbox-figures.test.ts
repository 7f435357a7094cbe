import { describe, expect, it } from "vitest";
import { describeInbox, parseInboxFigures } from "../../services/local/inbox-figures.js";
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
    const html = renderStatusPage({ generatedAt: "", overallStatus: "degraded", gatewayUrl: "", fleetFile: "", integrations: [slack] });
    expect(html).toContain('<span class="badge bad">degraded</span>');
    expect(html).toContain("12 events waiting for memory (oldest 4 min)");
  });
});
