import { describe, expect, it } from "vitest";
import { parseFleet } from "../../services/fleet/load.js";
import { buildPlan } from "../../services/fleet/plan.js";
import { StackCredentials } from "../../infra/credentials.js";
import { PreflightError, findMissingSecrets } from "../../infra/preflight.js";
import { runFleet, type DeclaredResource } from "./harness.js";
import { credentialsFrom, fullCredentialValues, settings, shippedPlan } from "./fixtures.js";

describe("preflight", () => {
  it("stops the program before anything is declared, naming every integration and variable that is missing", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    delete values.slack!.SLACK_BOT_TOKEN;
    delete values.slack!.SLACK_SIGNING_SECRET;
    delete values.gong!.GONG_CLIENT_SECRET;
    values.snowflake!.SNOWFLAKE_PASSWORD = "   "; // blank counts as missing
    const sink: DeclaredResource[] = [];
    const error = await runFleet({ plan, credentials: credentialsFrom(values), sink }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).missing).toEqual([
      { platform: "gong", variables: ["GONG_CLIENT_SECRET"] },
      { platform: "slack", variables: ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"] },
      { platform: "snowflake", variables: ["SNOWFLAKE_PASSWORD"] },
    ]);
    const message = (error as Error).message;
    expect(message).toContain("gong: credentials.gong.GONG_CLIENT_SECRET");
    expect(message).toContain("slack: credentials.slack.SLACK_BOT_TOKEN, credentials.slack.SLACK_SIGNING_SECRET");
    expect(message).toContain("snowflake: credentials.snowflake.SNOWFLAKE_PASSWORD");
    expect(sink).toEqual([]);
  });

  it("reports every required variable of every enabled integration when there are no credentials at all", () => {
    const plan = shippedPlan();
    const missing = findMissingSecrets(plan, StackCredentials.empty());
    const expected = plan.servers.filter((s) => s.secrets.required.length > 0).map((s) => ({ platform: s.platform, variables: s.secrets.required }));
    expect(missing).toEqual(expected);
    expect(missing.map((m) => m.platform)).not.toContain("memory"); // memory needs nothing to start (embedded store)
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
    ]);
  });

  it("ignores disabled integrations and does not require the fleet-wide tokens", () => {
    const yaml = `integrations:
  slack: { enabled: false, mcp_server_port: 9003, webhook_path: /webhook/slack }
  portkey: { enabled: true, mcp_server_port: 9016 }
`;
    const plan = buildPlan(parseFleet(yaml, "inline.yaml"), settings());
    expect(findMissingSecrets(plan, StackCredentials.fromObject({ portkey: { PORTKEY_API_KEY: "k" } }))).toEqual([]);
  });
});
