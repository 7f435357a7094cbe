import { describe, expect, it } from "vitest";
import { parseFleet } from "../../services/fleet/load.js";
import { buildPlan } from "../../services/fleet/plan.js";
import { StackCredentials } from "../../infra/credentials.js";
import { PreflightError, findConflictingSecrets, findMissingSecrets } from "../../infra/preflight.js";
import { runFleet, type DeclaredResource } from "./harness.js";
import { credentialsFrom, fullCredentialValues, settings, shippedPlan } from "./fixtures.js";

describe("preflight", () => {
  it("stops the program before anything is declared, naming every integration and variable that is missing", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    delete values.slack!.SLACK_BOT_TOKEN;
    delete values.slack!.SLACK_SIGNING_SECRET;
    delete values.gong!.GONG_CLIENT_SECRET;
    values.snowflake!.SNOWFLAKE_USER = "   "; // blank counts as missing
    const sink: DeclaredResource[] = [];
    const error = await runFleet({ plan, credentials: credentialsFrom(values), sink }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).missing).toEqual([
      { platform: "gong", variables: ["GONG_CLIENT_SECRET"] },
      { platform: "slack", variables: ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"] },
      { platform: "snowflake", variables: ["SNOWFLAKE_USER"] },
    ]);
    const message = (error as Error).message;
    expect(message).toContain("gong: credentials.gong.GONG_CLIENT_SECRET");
    expect(message).toContain("slack: credentials.slack.SLACK_BOT_TOKEN, credentials.slack.SLACK_SIGNING_SECRET");
    expect(message).toContain("snowflake: credentials.snowflake.SNOWFLAKE_USER");
    expect(sink).toEqual([]);
  });

  it("reports every required variable of every enabled integration when there are no credentials at all", () => {
    const plan = shippedPlan();
    const missing = findMissingSecrets(plan, StackCredentials.empty());
    const fleetWide = ["MCP_AUTH_TOKEN", "MEMORY_INGEST_TOKEN"];
    const expected = plan.servers
      .map((s) => ({
        platform: s.platform,
        variables: [
          ...s.secrets.required.filter((name) => !fleetWide.includes(name)),
          ...s.secrets.oneOf.map((of) => `one of ${of.slice(0, -1).join(", ")} or ${of.at(-1)}`),
        ],
      }))
      .filter((m) => m.variables.length > 0);
    // the fleet-wide tokens every server needs are named once, not once per server
    expect(missing).toEqual([...expected, { platform: "fleet", variables: fleetWide }]);
    expect(missing.map((m) => m.platform)).not.toContain("memory"); // memory needs nothing of its own (embedded store)
    expect(missing.find((m) => m.platform === "snowflake")?.variables).toContain("one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY");
  });

  describe("a choice (Snowflake's password or private key)", () => {
    const yaml = "integrations:\n  snowflake: { enabled: true, mcp_server_port: 9012 }\n";
    const plan = () => buildPlan(parseFleet(yaml, "inline.yaml"), settings());
    const fleet = { MCP_AUTH_TOKEN: "a", MEMORY_INGEST_TOKEN: "i" };
    const base = { SNOWFLAKE_ACCOUNT: "acme-prod", SNOWFLAKE_USER: "MCP" };

    it("is missing when neither alternative is set, and named with both credential paths", async () => {
      const credentials = StackCredentials.fromObject({ snowflake: { ...base, SNOWFLAKE_ROLE: "R" }, fleet });
      expect(findMissingSecrets(plan(), credentials)).toEqual([{ platform: "snowflake", variables: ["one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY"] }]);
      const sink: DeclaredResource[] = [];
      const error = await runFleet({ plan: plan(), credentials, sink }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreflightError);
      expect((error as Error).message).toContain("snowflake: one of credentials.snowflake.SNOWFLAKE_PASSWORD or credentials.snowflake.SNOWFLAKE_PRIVATE_KEY");
      expect(sink).toEqual([]);
    });

    it("is satisfied by either alternative alone", () => {
      for (const alternative of ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"]) {
        const credentials = StackCredentials.fromObject({ snowflake: { ...base, [alternative]: "x" }, fleet });
        expect(findMissingSecrets(plan(), credentials)).toEqual([]);
        expect(findConflictingSecrets(plan(), credentials)).toEqual([]);
      }
    });

    it("stops the program when both are set, naming both variables and neither value", async () => {
      const password = "CANARY-password-7f3a";
      const key = "CANARY-key-9b1c";
      const credentials = StackCredentials.fromObject({ snowflake: { ...base, SNOWFLAKE_PASSWORD: password, SNOWFLAKE_PRIVATE_KEY: key }, fleet });
      expect(findMissingSecrets(plan(), credentials)).toEqual([]);
      const sink: DeclaredResource[] = [];
      const error = await runFleet({ plan: plan(), credentials, sink }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreflightError);
      expect((error as PreflightError).missing).toEqual([]);
      expect((error as PreflightError).conflicts).toEqual([
        {
          platform: "snowflake",
          variables: ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"],
          message: "SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY are both set: set exactly one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY",
        },
      ]);
      const message = (error as Error).message;
      expect(message).toContain("snowflake: SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY are both set");
      expect(message).not.toContain(password);
      expect(message).not.toContain(key);
      expect(sink).toEqual([]);
    });
  });

  it("requires webhook verification secrets only of integrations that receive webhooks", () => {
    const yaml = `integrations:
  slack: { enabled: true, mcp_server_port: 9003 }
  linear: { enabled: true, mcp_server_port: 9004, webhook_path: /webhook/linear }
`;
    const plan = buildPlan(parseFleet(yaml, "inline.yaml"), settings());
    expect(findMissingSecrets(plan, StackCredentials.empty())).toEqual([
      { platform: "slack", variables: ["SLACK_BOT_TOKEN"] },
      { platform: "linear", variables: ["LINEAR_API_KEY", "LINEAR_WEBHOOK_SECRET"] },
      { platform: "fleet", variables: ["MCP_AUTH_TOKEN", "MEMORY_INGEST_TOKEN"] },
    ]);
  });

  it("ignores disabled integrations", () => {
    const yaml = `integrations:
  slack: { enabled: false, mcp_server_port: 9003, webhook_path: /webhook/slack }
  portkey: { enabled: true, mcp_server_port: 9016 }
`;
    const plan = buildPlan(parseFleet(yaml, "inline.yaml"), settings());
    const credentials = StackCredentials.fromObject({ portkey: { PORTKEY_API_KEY: "k" }, fleet: { MCP_AUTH_TOKEN: "a", MEMORY_INGEST_TOKEN: "i" } });
    expect(findMissingSecrets(plan, credentials)).toEqual([]);
  });

  it("requires the agents' token only when /mcp uses token auth, and the ingest token always", () => {
    const yaml = "integrations:\n  portkey: { enabled: true, mcp_server_port: 9016 }\n";
    const credentials = StackCredentials.fromObject({ portkey: { PORTKEY_API_KEY: "k" } });
    const tokenMode = buildPlan(parseFleet(yaml, "inline.yaml"), settings());
    expect(findMissingSecrets(tokenMode, credentials)).toEqual([{ platform: "fleet", variables: ["MCP_AUTH_TOKEN", "MEMORY_INGEST_TOKEN"] }]);
    const oauthMode = buildPlan(parseFleet(yaml, "inline.yaml"), { ...settings(), mcpAuthMode: "oauth", oauthIssuer: "https://id.example.com" });
    expect(findMissingSecrets(oauthMode, credentials)).toEqual([{ platform: "fleet", variables: ["MEMORY_INGEST_TOKEN"] }]);
  });
});
