/**
 * A choice (Snowflake's SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY): preflight and the local
 * fleet's credentials count it as one required credential, missing when neither alternative is
 * set and a conflict when both are; names only, never a value.
 */
import { describe, expect, it } from "vitest";
import { enabledIntegrations, parseFleet } from "../../services/fleet/load.js";
import type { CredentialTree } from "../../services/esc/credentials.js";
import { resolveLocalCredentials } from "../../services/esc/local-credentials.js";
import { renderPreflightJson, renderPreflightTable } from "../../services/esc/preflight-render.js";
import { buildPreflightReport } from "../../services/esc/preflight-report.js";
import { SecretValue } from "../../services/esc/secret-value.js";

const integrations = enabledIntegrations(parseFleet("integrations:\n  snowflake: { enabled: true, mcp_server_port: 9012 }\n", "inline.yaml"));
const PASSWORD = "pw-CANARY-31c7";
const KEY = "key-CANARY-d09e";

function opened(snowflake: Record<string, string>) {
  const groups: CredentialTree = new Map([
    ["snowflake", new Map(Object.entries(snowflake).map(([name, value]) => [name, new SecretValue(value)]))],
    ["fleet", new Map([["MEMORY_INGEST_TOKEN", new SecretValue("ingest")]])],
  ]);
  return [{ environment: "acme/fleet/dev", found: true, groups, problems: [], elapsedMs: 1 }];
}

const base = { SNOWFLAKE_ACCOUNT: "acme-prod", SNOWFLAKE_USER: "MCP" };

describe("preflight report", () => {
  it("counts the choice as required and names it when neither alternative is set", () => {
    const report = buildPreflightReport(integrations, opened(base), ["MEMORY_INGEST_TOKEN"]);
    const row = report.rows.find((r) => r.group === "snowflake")!;
    expect(row.requiredCount).toBe(3);
    expect(row.missingRequired).toEqual(["one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY"]);
    // the alternatives are not also listed as absent optional variables
    expect(row.missingOptional).not.toContain("SNOWFLAKE_PASSWORD");
    expect(row.missingOptional).not.toContain("SNOWFLAKE_PRIVATE_KEY");
    expect(report.missingRequired).toEqual(["one of snowflake.SNOWFLAKE_PASSWORD or snowflake.SNOWFLAKE_PRIVATE_KEY"]);
    expect(report.ok).toBe(false);
    const table = renderPreflightTable(report, 1);
    expect(table).toMatch(/^snowflake +2\/3 +one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY +/m);
    expect(table).toContain("FAIL: 1 required credential(s) missing: one of snowflake.SNOWFLAKE_PASSWORD or snowflake.SNOWFLAKE_PRIVATE_KEY");
  });

  it("passes with either alternative alone", () => {
    for (const alternative of ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY"]) {
      const report = buildPreflightReport(integrations, opened({ ...base, [alternative]: "set" }), ["MEMORY_INGEST_TOKEN"]);
      expect(report.rows.find((r) => r.group === "snowflake")).toMatchObject({ requiredCount: 3, missingRequired: [], conflicts: [] });
      expect(report.ok).toBe(true);
    }
  });

  it("fails when both are set, naming both variables and neither value", () => {
    const report = buildPreflightReport(integrations, opened({ ...base, SNOWFLAKE_PASSWORD: PASSWORD, SNOWFLAKE_PRIVATE_KEY: KEY }), ["MEMORY_INGEST_TOKEN"]);
    expect(report.missingRequired).toEqual([]);
    expect(report.conflicts).toEqual([
      "snowflake: SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY are both set: set exactly one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY",
    ]);
    expect(report.ok).toBe(false);
    const table = renderPreflightTable(report, 1);
    expect(table).toContain("FAIL: 1 choice(s) with more than one alternative set:\n  snowflake: SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY are both set");
    expect(table).not.toContain("OK:");
    for (const output of [table, renderPreflightJson({ ...report }, 1)]) {
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(KEY);
    }
  });
});

describe("local credentials", () => {
  it("list an unmet choice among the missing required credentials, and both alternatives as a conflict", async () => {
    const neither = (await resolveLocalCredentials({ integrations, env: { ...base } })).get("snowflake")!;
    expect(neither.missingRequired).toEqual(["one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY"]);
    expect(neither.missingOptional).not.toContain("SNOWFLAKE_PASSWORD");
    expect(neither.conflicts).toEqual([]);

    const one = (await resolveLocalCredentials({ integrations, env: { ...base, SNOWFLAKE_PRIVATE_KEY: KEY } })).get("snowflake")!;
    expect(one.missingRequired).toEqual([]);
    expect(one.conflicts).toEqual([]);

    const both = (await resolveLocalCredentials({ integrations, env: { ...base, SNOWFLAKE_PASSWORD: PASSWORD, SNOWFLAKE_PRIVATE_KEY: KEY } })).get("snowflake")!;
    expect(both.missingRequired).toEqual([]);
    expect(both.conflicts).toEqual(["SNOWFLAKE_PASSWORD and SNOWFLAKE_PRIVATE_KEY are both set: set exactly one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY"]);
    expect(JSON.stringify(both.conflicts)).not.toContain(PASSWORD);
  });
});
