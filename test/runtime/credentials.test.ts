/**
 * Missing credentials: the server starts and serves /healthz, says "not configured: missing X" on
 * /readyz, in every tool result and on the webhook endpoint; with requireCredentials it refuses
 * to start with a one-line error naming the variables.
 */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../services/fleet/catalog.js";
import { definePlatformFacts, hook, opt, req } from "../../services/fleet/facts.js";
import { loadCredentials } from "../../services/runtime/credentials.js";
import { definition as testPlatform } from "../fixtures/test-platform/index.js";
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

  it("needs exactly one of a choice's alternatives (Snowflake's password or private key)", () => {
    const base = { SNOWFLAKE_ACCOUNT: "acme-prod", SNOWFLAKE_USER: "MCP" };
    const neither = loadCredentials(CATALOG.snowflake, settings, { ...base, SNOWFLAKE_PASSWORD: "" });
    expect(neither.missing).toEqual(["one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY"]);
    expect(neither.conflicts).toEqual([]);

    expect(loadCredentials(CATALOG.snowflake, settings, { SNOWFLAKE_PRIVATE_KEY: "pem" }).missing).toEqual(["SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER"]);
    for (const alternative of ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"]) {
      const one = loadCredentials(CATALOG.snowflake, settings, { ...base, [alternative]: "set" });
      expect(one.missing).toEqual([]);
      expect(one.conflicts).toEqual([]);
    }

    const both = loadCredentials(CATALOG.snowflake, settings, { ...base, SNOWFLAKE_PASSWORD: "pw-CANARY-1", SNOWFLAKE_PRIVATE_KEY: "key-CANARY-2" });
    expect(both.missing).toEqual([]);
    expect(both.conflicts).toEqual(["SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY are both set: set exactly one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY"]);
  });
});

/** The test platform with a choice of sign-in: a password or a key, exactly one. */
const choosing = {
  ...testPlatform,
  facts: definePlatformFacts({
    name: "widgets",
    title: "Widgets",
    serverName: "widgets_fixture",
    variables: [
      req("WIDGETS_API_KEY", "API key (X-Api-Key)"),
      hook("WIDGETS_WEBHOOK_SECRET", "webhook signing secret"),
      opt("WIDGETS_PASSWORD", "password sign-in"),
      opt("WIDGETS_PRIVATE_KEY", "key-pair sign-in"),
    ],
    choices: [{ of: ["WIDGETS_PASSWORD", "WIDGETS_PRIVATE_KEY"], description: "the sign-in" }],
    webhook: testPlatform.facts.webhook!,
  }),
};

describe("a server whose choice of credentials is unmet or overfilled", () => {
  it("runs unconfigured with neither alternative, naming the choice on readiness and in tool results", async () => {
    const t = await startTestServer({ definition: choosing });
    try {
      expect(t.server.configured).toBe(false);
      expect(t.server.missingCredentials).toEqual(["one of WIDGETS_PASSWORD or WIDGETS_PRIVATE_KEY"]);
      const ready = await rawRequest(`${t.server.url}/readyz`);
      expect(JSON.parse(ready.text)).toEqual({ status: "not ready", problems: ["not configured: missing one of WIDGETS_PASSWORD or WIDGETS_PRIVATE_KEY"] });
      const client = await t.connect();
      const result = await client.callTool({ name: "widgets_get_widget", arguments: { id: "w_1" } });
      expect(result.isError).toBe(true);
      expect(result.content).toEqual([{ type: "text", text: "Get widget: not configured: missing one of WIDGETS_PASSWORD or WIDGETS_PRIVATE_KEY" }]);
      expect(t.upstream.requests).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it("is configured with one alternative", async () => {
    const t = await startTestServer({ definition: choosing, env: { WIDGETS_PRIVATE_KEY: "key" } });
    try {
      expect(t.server.configured).toBe(true);
      expect(t.server.missingCredentials).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it("runs unconfigured with both, naming both variables and neither value", async () => {
    const password = "pw-CANARY-5d2e";
    const key = "key-CANARY-8a41";
    const t = await startTestServer({ definition: choosing, env: { WIDGETS_PASSWORD: password, WIDGETS_PRIVATE_KEY: key } });
    try {
      expect(t.server.configured).toBe(false);
      const ready = await rawRequest(`${t.server.url}/readyz`);
      expect(JSON.parse(ready.text)).toEqual({
        status: "not ready",
        problems: ["not configured: WIDGETS_PASSWORD and WIDGETS_PRIVATE_KEY are both set: set exactly one of WIDGETS_PASSWORD or WIDGETS_PRIVATE_KEY"],
      });
      const hook = await rawRequest(`${t.server.url}/webhook/widgets/events`, { method: "POST", body: "{}" });
      expect(hook.status).toBe(503);
      expect(hook.text).toContain("WIDGETS_PASSWORD and WIDGETS_PRIVATE_KEY are both set");
      for (const text of [ready.text, hook.text, t.logs.text()]) {
        expect(text).not.toContain(password);
        expect(text).not.toContain(key);
      }
    } finally {
      await t.stop();
    }
  });

  it("refuses to start under requireCredentials with both set, in one line without values", async () => {
    const attempt = startTestServer({ definition: choosing, env: { WIDGETS_PASSWORD: "pw-CANARY-5d2e", WIDGETS_PRIVATE_KEY: "key-CANARY-8a41" }, requireCredentials: true });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(
      /^Widgets server not configured: WIDGETS_PASSWORD and WIDGETS_PRIVATE_KEY are both set: set exactly one of WIDGETS_PASSWORD or WIDGETS_PRIVATE_KEY$/,
    );
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
