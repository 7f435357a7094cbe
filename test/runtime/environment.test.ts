/** The environment contract: what a server reads, its defaults, and its one-line errors. */
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRuntimeEnvironment, rateShareOf } from "../../services/runtime/environment.js";

const base = { MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9003, webhook_path: "/webhook/slack" }), MCP_AUTH_TOKEN: "x".repeat(32) };

describe("parseRuntimeEnvironment", () => {
  it("takes the port from the settings unless MCP_PORT or the caller says otherwise", () => {
    expect(parseRuntimeEnvironment("slack", base).port).toBe(9003);
    expect(parseRuntimeEnvironment("slack", { ...base, MCP_PORT: "9100" }).port).toBe(9100);
    expect(parseRuntimeEnvironment("slack", { ...base, MCP_PORT: "9100" }, { port: 0 }).port).toBe(0);
  });

  it("uses INBOX_DIR's parent as the data directory", () => {
    expect(parseRuntimeEnvironment("slack", { ...base, INBOX_DIR: "/var/lib/mcp/inbox" }).dataDir).toBe("/var/lib/mcp");
    expect(parseRuntimeEnvironment("slack", base).dataDir).toBe(path.join(os.tmpdir(), "sophia-mcp", "slack"));
  });

  it("binds all interfaces by default with authentication", () => {
    const env = parseRuntimeEnvironment("slack", base);
    expect(env.host).toBe("0.0.0.0");
    expect(env.agentAuth).toEqual({ mode: "token", token: "x".repeat(32) });
    expect(env.logLevel).toBe("info");
  });

  it("reads the optional wiring", () => {
    const env = parseRuntimeEnvironment("slack", {
      ...base,
      WEBHOOK_PUBLIC_URL: "https://hooks.example.com/webhook/slack/events",
      MEMORY_URL: "http://mcp-memory:9010",
      MEMORY_INGEST_TOKEN: "ingest-token",
      PLATFORM_API_BASE_URL: "http://127.0.0.1:1234",
      MCP_REQUIRE_CREDENTIALS: "true",
      LOG_LEVEL: "warn",
    });
    expect(env.webhookPublicUrl?.href).toBe("https://hooks.example.com/webhook/slack/events");
    expect(env.memory).toEqual({ url: "http://mcp-memory:9010", token: "ingest-token" });
    expect(env.apiBaseUrl).toBe("http://127.0.0.1:1234");
    expect(env.requireCredentials).toBe(true);
    expect(env.logLevel).toBe("warn");
  });

  it("runs syncs unless MCP_SYNC=off, so a process on its own does everything", () => {
    expect(parseRuntimeEnvironment("slack", base).syncEnabled).toBe(true);
    expect(parseRuntimeEnvironment("slack", { ...base, MCP_SYNC: "on" }).syncEnabled).toBe(true);
    expect(parseRuntimeEnvironment("slack", { ...base, MCP_SYNC: "off" }).syncEnabled).toBe(false);
    expect(() => parseRuntimeEnvironment("slack", { ...base, MCP_SYNC: "false" })).toThrow('environment variable MCP_SYNC is invalid: must be "on" or "off"');
  });

  it("takes this process's share of the rate limits from the divisors, rounded down and never below 1/min", () => {
    const limited = { ...base, MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9003, rate_limits: { api_calls_per_minute: 50, webhook_events_per_minute: 1000 } }) };
    expect(parseRuntimeEnvironment("slack", limited).rateShare).toEqual({ apiCallsPerMinute: 50, webhookEventsPerMinute: 1000 });
    expect(parseRuntimeEnvironment("slack", { ...limited, MCP_API_RATE_DIVISOR: "4", MCP_WEBHOOK_RATE_DIVISOR: "2" }).rateShare).toEqual({
      apiCallsPerMinute: 12,
      webhookEventsPerMinute: 500,
    });
    expect(parseRuntimeEnvironment("slack", { ...limited, MCP_API_RATE_DIVISOR: "200" }).rateShare.apiCallsPerMinute).toBe(1);
    // no configured limit: nothing to divide
    expect(parseRuntimeEnvironment("slack", { ...base, MCP_API_RATE_DIVISOR: "4" }).rateShare).toEqual({});
    expect(rateShareOf({ enabled: true, mcp_server_port: 9003, rate_limits: { api_calls_per_minute: 7 } }, 2, 2)).toEqual({ apiCallsPerMinute: 3 });
    for (const bad of ["0", "-2", "1.5", "two"]) {
      expect(() => parseRuntimeEnvironment("slack", { ...limited, MCP_API_RATE_DIVISOR: bad }), bad).toThrow(/MCP_API_RATE_DIVISOR is invalid: must be a whole number from 1 to 9999/);
    }
    expect(() => parseRuntimeEnvironment("slack", { ...limited, MCP_WEBHOOK_RATE_DIVISOR: "0" })).toThrow(/MCP_WEBHOOK_RATE_DIVISOR is invalid/);
  });

  it("bounds each tool call by MCP_TOOL_DEADLINE_MS, 120 s unless set", () => {
    expect(parseRuntimeEnvironment("slack", base).toolDeadlineMs).toBe(120_000);
    expect(parseRuntimeEnvironment("slack", { ...base, MCP_TOOL_DEADLINE_MS: "45000" }).toolDeadlineMs).toBe(45_000);
    for (const bad of ["0", "-5", "1.5", "soon", "3600001"]) {
      expect(() => parseRuntimeEnvironment("slack", { ...base, MCP_TOOL_DEADLINE_MS: bad }), bad).toThrow(/environment variable MCP_TOOL_DEADLINE_MS is invalid: must be/);
    }
  });

  it("names what is wrong in one line", () => {
    const attempt = (env: Record<string, string>) => () => parseRuntimeEnvironment("slack", { ...base, ...env });
    expect(attempt({ MCP_INTEGRATION: "" })).toThrow("MCP_INTEGRATION is not set (the integration's settings as JSON)");
    expect(attempt({ MCP_INTEGRATION: "{" })).toThrow("MCP_INTEGRATION is not valid JSON");
    expect(attempt({ MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 80 }) })).toThrow(/MCP_INTEGRATION is invalid at mcp_server_port: port must be within 9000-9020/);
    expect(attempt({ MCP_PORT: "http" })).toThrow(/MCP_PORT is invalid: must be a port number/);
    expect(attempt({ MCP_PLATFORM: "hubspot" })).toThrow('MCP_PLATFORM is "hubspot" but this server serves "slack"');
    expect(attempt({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });

  it("accepts this server's in-cluster Service names as hosts, and nothing that could be a public domain", () => {
    const plain = parseRuntimeEnvironment("lambda_labs", { ...base, MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9015 }) });
    expect(plain.allowedHostnames).toEqual(expect.arrayContaining(["localhost", "127.0.0.1", "[::1]", "mcp-lambda-labs"]));
    for (const host of ["mcp-lambda-labs", "mcp-lambda-labs.sophia-mcp.svc", "mcp-lambda-labs.sophia-mcp.svc.cluster.local"]) {
      expect(plain.serviceHostPattern.test(host), host).toBe(true);
    }
    for (const host of ["mcp-lambda-labs.com", "mcp-lambda-labs.evil.example", "mcp-slack.sophia-mcp.svc", "xmcp-lambda-labs"]) {
      expect(plain.serviceHostPattern.test(host), host).toBe(false);
    }
    const namespaced = parseRuntimeEnvironment("lambda_labs", {
      ...base,
      MCP_INTEGRATION: JSON.stringify({ enabled: true, mcp_server_port: 9015 }),
      POD_NAMESPACE: "sophia-mcp",
      MCP_ALLOWED_HOSTS: "MCP.Example.com, other",
    });
    expect(namespaced.serviceHostPattern.test("mcp-lambda-labs.sophia-mcp")).toBe(true);
    expect(namespaced.serviceHostPattern.test("mcp-lambda-labs.other-ns.svc")).toBe(false);
    expect(namespaced.allowedHostnames).toEqual(expect.arrayContaining(["mcp.example.com", "other"]));
  });
});

describe("serviceNameOf", () => {
  it("agrees with the deployment plan's resource names for every platform", async () => {
    const { resourceNameFor } = await import("../../services/fleet/plan.js");
    const { PLATFORM_NAMES } = await import("../../services/fleet/catalog.js");
    const { serviceNameOf } = await import("../../services/runtime/environment.js");
    for (const platform of PLATFORM_NAMES) expect(serviceNameOf(platform)).toBe(resourceNameFor(platform));
  });
});
