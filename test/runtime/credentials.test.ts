/**
 * Missing credentials: the server starts and serves /healthz, says "not configured: missing X" on
 * /readyz, in every tool result and on the webhook endpoint; with requireCredentials it refuses
 * to start with a one-line error naming the variables.
 */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../services/fleet/catalog.js";
import { loadCredentials } from "../../services/runtime/credentials.js";
import { StartupError } from "../../services/runtime/startup-error.js";
import { rawRequest } from "../contract/raw-http.js";
import { startTestServer } from "./support.js";

const settings = { enabled: true, mcp_server_port: 9019 } as const;

describe("loadCredentials", () => {
  it("reads the catalog's variables, treats empty as unset and lists the missing required ones", () => {
    const loaded = loadCredentials(CATALOG.hubspot, { ...settings, webhook_path: "/webhook/hubspot" }, {
      HUBSPOT_ACCESS_TOKEN: "",
      HUBSPOT_CLIENT_ID: "client-id",
      UNRELATED: "x",
      MCP_AUTH_TOKEN: "agent-token-value",
    });
    expect(loaded.missing).toEqual(["HUBSPOT_ACCESS_TOKEN", "HUBSPOT_CLIENT_SECRET"]);
    // fleet-wide tokens are handed to the definition too (the memory server checks MEMORY_INGEST_TOKEN)
    expect(loaded.credentials).toEqual({ HUBSPOT_CLIENT_ID: "client-id", MCP_AUTH_TOKEN: "agent-token-value" });
    expect(loaded.secretValues).toEqual(["client-id", "agent-token-value"]);
  });

  it("needs the webhook secret only when the integration receives webhooks", () => {
    expect(loadCredentials(CATALOG.slack, settings, { SLACK_BOT_TOKEN: "xoxb-1" }).missing).toEqual([]);
    expect(loadCredentials(CATALOG.slack, { ...settings, webhook_path: "/webhook/slack" }, { SLACK_BOT_TOKEN: "xoxb-1" }).missing).toEqual(["SLACK_SIGNING_SECRET"]);
  });
});

describe("a server with missing credentials", () => {
  it("serves health, reports not configured on readiness, tools and webhooks, and never calls the platform", async () => {
    const t = await startTestServer({ env: { WIDGETS_API_KEY: undefined, WIDGETS_WEBHOOK_SECRET: "" } });
    try {
      expect(t.server.configured).toBe(false);
      expect(t.server.missingCredentials).toEqual(["WIDGETS_API_KEY", "WIDGETS_WEBHOOK_SECRET"]);
      expect((await rawRequest(`${t.server.url}/healthz`)).status).toBe(200);

      const ready = await rawRequest(`${t.server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text)).toEqual({ status: "not ready", problems: ["not configured: missing WIDGETS_API_KEY, WIDGETS_WEBHOOK_SECRET"] });

      const client = await t.connect();
      expect((await client.listTools()).tools).toHaveLength(3);
      const result = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_1" } });
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([{ type: "text", text: "Get widget: not configured: missing WIDGETS_API_KEY, WIDGETS_WEBHOOK_SECRET" }]);

      const hook = await rawRequest(`${t.server.url}/webhook/widgets/events`, { method: "POST", body: "{}" });
      expect(hook.status).toBe(503);
      expect(hook.text).toContain("WIDGETS_WEBHOOK_SECRET");
      expect(t.upstream.requests).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it("refuses to start under requireCredentials, naming the variables in one line", async () => {
    const attempt = startTestServer({ env: { WIDGETS_API_KEY: undefined }, requireCredentials: true });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(/^Widgets server not configured: missing WIDGETS_API_KEY$/);
  });
});
