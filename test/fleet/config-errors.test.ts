import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FleetConfigError, fleetFilePath, loadFleet, parseFleet } from "../../services/fleet/load.js";

const FILE = "/etc/fleet/integrations.yaml";

/** Parses `text`, expecting rejection, and returns the error. */
function reject(text: string): FleetConfigError {
  try {
    parseFleet(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(FleetConfigError);
    return error as FleetConfigError;
  }
  throw new Error("expected the configuration to be rejected");
}

const slack = (extra = "", port = 9003) => `
  slack:
    enabled: true
    mcp_server_port: ${port}
    webhook_path: "/webhook/slack"${extra}`;

describe("the seed's own example", () => {
  it("loads unchanged", () => {
    const fleet = loadFleet(path.join(import.meta.dirname, "fixtures/seed-example.yaml"));
    expect(fleet.integrations.map((i) => [i.platform, i.settings.mcp_server_port])).toEqual([
      ["gong", 9001],
      ["slack", 9003],
      ["hubspot", 9002],
      // no memory entry: the memory server is added, so the example's events are stored
      ["memory", 9010],
      // and the fleet endpoint, the one URL for agents
      ["fleet_endpoint", 9000],
    ]);
    expect(fleet.integrations.slice(-2).every((i) => i.implied)).toBe(true);
    expect(fleet.monitoring.alert_thresholds.uptime_percent).toBe(99);
    expect(fleet.integrations[0]?.settings.batch_sync_interval).toBe("0 */6 * * *");
  });
});

describe("the memory server is in every fleet", () => {
  it("is added on its usual port, or the first free one, unless the file disables it", () => {
    const ports = (text: string) => parseFleet(text, FILE).integrations.map((i) => [i.platform, i.settings.enabled, i.settings.mcp_server_port, i.implied ?? false]);
    expect(ports("integrations:\n  slack:\n    enabled: true\n    mcp_server_port: 9010\n")).toEqual([
      ["slack", true, 9010, false],
      ["memory", true, 9011, true],
      ["fleet_endpoint", true, 9000, true],
    ]);
    expect(ports("integrations:\n  memory:\n    enabled: false\n    mcp_server_port: 9010\n  fleet_endpoint: { enabled: false, mcp_server_port: 9000 }\n")).toEqual([
      ["memory", false, 9010, false],
      ["fleet_endpoint", false, 9000, false],
    ]);
  });
});

describe("bad configuration is rejected with file, key path, line and reason", () => {
  it("names the file in every message", () => {
    const error = reject("integrations:\n  nope:\n    enabled: true\n    mcp_server_port: 9001\n");
    expect(error.message).toContain(FILE);
    expect(error.file).toBe(FILE);
  });

  it("unknown platform", () => {
    const error = reject("integrations:\n  salesforce:\n    enabled: true\n    mcp_server_port: 9001\n");
    expect(error.problems).toEqual([
      expect.objectContaining({ keyPath: "integrations.salesforce", line: 2, message: expect.stringContaining('unknown platform "salesforce"') }),
    ]);
  });

  it("unknown key inside an integration", () => {
    const error = reject(`integrations:${slack("\n    webhook_secret: oops")}\n`);
    expect(error.problems).toEqual([
      expect.objectContaining({ keyPath: "integrations.slack.webhook_secret", line: 6, message: 'unknown key "webhook_secret"' }),
    ]);
  });

  it("an event subscription the platform does not have, named with the ones it has", () => {
    const error = reject(`integrations:${slack('\n    event_subscriptions: ["message.channels", "message.channel"]')}\n`);
    expect(error.problems).toEqual([
      expect.objectContaining({
        keyPath: "integrations.slack.event_subscriptions.1",
        line: 6,
        message: expect.stringMatching(/^Slack has no event subscription "message.channel"; known: message.channels, .*app_mention/),
      }),
    ]);
  });

  it("event subscriptions for a platform that has none to choose", () => {
    const error = reject(
      'integrations:\n  gong:\n    enabled: true\n    mcp_server_port: 9001\n    webhook_path: "/webhook/gong"\n    event_subscriptions: ["call"]\n',
    );
    expect(error.problems).toEqual([
      expect.objectContaining({ keyPath: "integrations.gong.event_subscriptions", message: expect.stringContaining("Gong has no event subscriptions to choose") }),
    ]);
  });

  it("unknown top-level key", () => {
    const error = reject(`integrations:${slack()}\nmonitorin:\n  health_check_interval: 5\n`);
    expect(error.problems[0]).toMatchObject({ keyPath: "monitorin", line: 6 });
  });

  it("duplicate port", () => {
    const error = reject(`integrations:${slack()}\n  gong:\n    enabled: true\n    mcp_server_port: 9003\n`);
    expect(error.problems).toEqual([
      expect.objectContaining({
        keyPath: "integrations.gong.mcp_server_port",
        line: 8,
        message: expect.stringMatching(/duplicate port 9003.*"slack"/),
      }),
    ]);
  });

  it("port outside 9000-9020", () => {
    for (const port of [8999, 9021, 80]) {
      const error = reject(`integrations:${slack("", port)}\n`);
      expect(error.problems[0]).toMatchObject({
        keyPath: "integrations.slack.mcp_server_port",
        line: 4,
        message: "port must be within 9000-9020",
      });
    }
  });

  it("two integrations on one webhook path", () => {
    const error = reject(
      `integrations:${slack()}\n  linear:\n    enabled: true\n    mcp_server_port: 9004\n    webhook_path: "/webhook/slack"\n`,
    );
    expect(error.problems[0]).toMatchObject({
      keyPath: "integrations.linear.webhook_path",
      line: 9,
      message: expect.stringContaining('already used by "slack"'),
    });
  });

  it("a webhook path on a platform that sends none", () => {
    const error = reject(`integrations:\n  snowflake:\n    enabled: true\n    mcp_server_port: 9012\n    webhook_path: "/webhook/snowflake"\n`);
    expect(error.problems[0]).toMatchObject({ keyPath: "integrations.snowflake.webhook_path", line: 5 });
  });

  it("a memory server with more than one replica", () => {
    const memory = (replicas: number) => `integrations:\n  memory:\n    enabled: true\n    mcp_server_port: 9010\n    replicas: ${replicas}\n`;
    const error = reject(memory(2));
    expect(error.problems).toEqual([
      expect.objectContaining({
        keyPath: "integrations.memory.replicas",
        line: 5,
        message: expect.stringMatching(/runs exactly 1 replica \(got 2\): its embedded store lives on one ReadWriteOnce volume/),
      }),
    ]);
    expect(error.message).toContain("integrations.memory.replicas (line 5)");
    expect(parseFleet(memory(1), FILE).integrations[0]?.settings.replicas).toBe(1);
    // other servers scale freely
    expect(parseFleet(`integrations:${slack("\n    replicas: 3")}\n`, FILE).integrations[0]?.settings.replicas).toBe(3);
  });

  it.each([
    ["0 */6 * *", /expected 5 fields/],
    ["61 * * * *", /bad cron expression/],
    ["every hour", /bad cron expression/],
    ["0 0 32 * *", /bad cron expression/],
  ])("bad cron expression %j", (cron, reason) => {
    const error = reject(`integrations:${slack(`\n    batch_sync_interval: "${cron}"`)}\n`);
    expect(error.problems[0]).toMatchObject({ keyPath: "integrations.slack.batch_sync_interval", line: 6 });
    expect(error.problems[0]?.message).toMatch(reason);
  });

  it("wrong types", () => {
    const error = reject(`integrations:\n  slack:\n    enabled: "yes"\n    mcp_server_port: "9003"\n`);
    expect(error.problems).toEqual([
      expect.objectContaining({ keyPath: "integrations.slack.enabled", line: 3, message: 'expected boolean, got string "yes"' }),
      expect.objectContaining({ keyPath: "integrations.slack.mcp_server_port", line: 4, message: 'expected number, got string "9003"' }),
    ]);
  });

  it("missing required key", () => {
    const error = reject(`integrations:\n  slack:\n    enabled: true\n`);
    expect(error.problems[0]).toMatchObject({ keyPath: "integrations.slack.mcp_server_port", message: expect.stringContaining("missing required key") });
  });

  it("negative rate limits", () => {
    const error = reject(`integrations:${slack("\n    rate_limits:\n      api_calls_per_minute: -5")}\n`);
    expect(error.problems[0]).toMatchObject({
      keyPath: "integrations.slack.rate_limits.api_calls_per_minute",
      line: 7,
      message: "must be a positive number",
    });
  });

  it("a malformed webhook path", () => {
    const error = reject(`integrations:\n  slack:\n    enabled: true\n    mcp_server_port: 9003\n    webhook_path: "slack/"\n`);
    expect(error.problems[0]).toMatchObject({ keyPath: "integrations.slack.webhook_path", line: 5 });
  });

  it("YAML syntax errors and duplicate keys carry the parser's line", () => {
    expect(reject("integrations:\n  slack: [unclosed\n").problems[0]?.line).toBeGreaterThan(0);
    const dup = reject(`integrations:${slack()}${slack()}\n`);
    expect(dup.problems[0]).toMatchObject({ line: 6, message: expect.stringContaining("YAML syntax") });
  });

  it("reports every problem at once, not only the first", () => {
    const error = reject(`integrations:\n  slack:\n    enabled: 1\n    mcp_server_port: 70000\n  jira:\n    enabled: true\n    mcp_server_port: 9005\n`);
    expect(error.problems.map((p) => p.keyPath).sort()).toEqual([
      "integrations.jira",
      "integrations.slack.enabled",
      "integrations.slack.mcp_server_port",
    ]);
  });

  it("an unreadable file names the path", () => {
    expect(() => loadFleet("/nonexistent/integrations.yaml")).toThrow(/\/nonexistent\/integrations\.yaml/);
  });
});

describe("INTEGRATIONS_FILE", () => {
  it("points every consumer at another file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fleet-"));
    const file = path.join(dir, "other.yaml");
    writeFileSync(file, `integrations:${slack()}\n`);
    expect(fleetFilePath({ INTEGRATIONS_FILE: file })).toBe(file);
    expect(loadFleet(fleetFilePath({ INTEGRATIONS_FILE: file })).integrations.map((i) => i.platform)).toEqual(["slack", "memory", "fleet_endpoint"]);
    expect(fleetFilePath({})).toMatch(/config\/integrations\.yaml$/);
    expect(readFileSync(fleetFilePath({}), "utf8")).toContain("integrations:");
  });
});
