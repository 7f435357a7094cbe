import { randomUUID } from "node:crypto";
import path from "node:path";
import { format, inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enabledIntegrations, loadFleet } from "../../services/fleet/load.js";
import { openEscCredentials } from "../../services/esc/client.js";
import { parseEnvironmentName } from "../../services/esc/environment-name.js";
import { resolveLocalCredentials } from "../../services/esc/local-credentials.js";
import { secret, startFakeEsc, type FakeEsc } from "../fakes/esc.js";
import { runPreflightProcess } from "./run-preflight-process.js";

/**
 * A unique value travels through every ESC path (a used secret, an unused one, one under an
 * unknown platform, one stored as plain text, one inside an unusable list) and must never show
 * up in what preflight prints, in the printable forms of the local resolution result, or in
 * error messages. The access token is a canary too.
 */

const CANARY = `CANARY-${randomUUID()}`;
const TOKEN = `pul-CANARY-${randomUUID()}`;
const FIXTURES = path.join(import.meta.dirname, "fixtures");
const INTEGRATIONS_FILE = path.join(FIXTURES, "integrations.yaml");

let esc: FakeEsc;

beforeAll(async () => {
  const credentials = {
    slack: { SLACK_BOT_TOKEN: secret(CANARY), SLACK_SIGNING_SECRET: secret(`${CANARY}-signing`), SLACK_NOT_A_VAR: secret(`${CANARY}-unused`) },
    linear: { LINEAR_TEAM_ID: `${CANARY}-plain`, LINEAR_API_KEY: [`${CANARY}-in-a-list`] },
    unknownplatform: { X: secret(`${CANARY}-unknown`) },
    fleet: { MCP_AUTH_TOKEN: secret(`${CANARY}-mcp`), MEMORY_INGEST_TOKEN: secret(`${CANARY}-ingest`) },
  };
  esc = await startFakeEsc({
    validTokens: [TOKEN],
    environments: {
      "acme/fleet/common": { values: { pulumiConfig: { credentials } } },
      "acme/fleet/prod": { values: { pulumiConfig: { credentials: { slack: { SLACK_USER_TOKEN: secret(`${CANARY}-user`) } } } } },
      "acme/fleet/clean": {
        values: {
          pulumiConfig: {
            credentials: {
              slack: { SLACK_BOT_TOKEN: secret(CANARY), SLACK_SIGNING_SECRET: secret(`${CANARY}-signing`) },
              linear: { LINEAR_API_KEY: secret(`${CANARY}-linear`) },
              fleet: { MCP_AUTH_TOKEN: secret(`${CANARY}-mcp`), MEMORY_INGEST_TOKEN: secret(`${CANARY}-ingest`) },
            },
          },
        },
      },
      "acme/fleet/broken": { values: {}, brokenWith: 500 },
      "acme/fleet/forbidden": { values: {}, brokenWith: 403 },
    },
  });
});

afterAll(async () => {
  await esc.close();
});

const processEnv = (): NodeJS.ProcessEnv => ({
  PULUMI_ACCESS_TOKEN: TOKEN,
  PULUMI_BACKEND_URL: esc.url,
  PULUMI_ORG: "acme",
  INTEGRATIONS_FILE,
});

function expectClean(text: string): void {
  expect(text).not.toContain("CANARY");
}

describe("canary", () => {
  it("never appears in preflight's output, as a table, as JSON, passing or failing", async () => {
    const runs = await Promise.all([
      runPreflightProcess(["--stack", "prod", "--stack-dir", FIXTURES], processEnv()),
      runPreflightProcess(["--stack", "prod", "--stack-dir", FIXTURES, "--json"], processEnv()),
      runPreflightProcess(["--environment", "acme/fleet/clean"], processEnv()),
      runPreflightProcess(["--environment", "acme/fleet/broken"], processEnv()),
    ]);
    // the runs reached the paths under test: failing (linear's key is a list), passing, API error
    expect(runs.map((r) => r.code)).toEqual([1, 1, 0, 2]);
    expect(runs[0]?.stdout).toContain("credentials.unknownplatform.X");
    expect(runs[0]?.stdout).toContain("credentials.linear.LINEAR_TEAM_ID");
    expect(runs[0]?.stdout).toContain("pulumiConfig.credentials.linear.LINEAR_API_KEY");
    expect(runs[3]?.stderr).toContain("answered 500");
    for (const run of runs) expectClean(run.stdout + run.stderr);
  });

  it("never appears in the printable forms of the local resolution result", async () => {
    const resolved = await resolveLocalCredentials({
      integrations: enabledIntegrations(loadFleet(INTEGRATIONS_FILE)),
      env: {},
      esc: { environment: "acme/fleet/common", token: TOKEN, baseUrl: esc.url },
    });
    const slack = resolved.get("slack");
    // the values are really there for the servers
    expect(slack?.values.SLACK_BOT_TOKEN).toBe(CANARY);
    expect({ ...slack?.values }.MCP_AUTH_TOKEN).toBe(`${CANARY}-mcp`);

    const printed = [
      inspect(resolved, { depth: Infinity }),
      inspect(resolved, { depth: Infinity, showHidden: false, getters: true }),
      format("%o %O %s %j", resolved, slack, slack, slack),
      JSON.stringify([...resolved]),
      JSON.stringify(Object.fromEntries(resolved)),
      JSON.stringify(slack?.values),
      String(slack?.values),
      `${JSON.stringify(slack?.sources)} ${slack?.missingRequired.join()} ${slack?.missingOptional.join()}`,
    ];
    for (const text of printed) expectClean(text);
    expect(printed[0]).toContain("SLACK_BOT_TOKEN");
  });

  it("never appears in what the client returns besides reveal(), nor in its errors", async () => {
    const opened = await openEscCredentials(parseEnvironmentName("acme/fleet/common"), { token: TOKEN, baseUrl: esc.url });
    expect(opened.groups.get("slack")?.get("SLACK_BOT_TOKEN")?.reveal()).toBe(CANARY);
    expectClean(inspect(opened, { depth: Infinity }));
    expectClean(JSON.stringify({ ...opened, groups: [...opened.groups].map(([g, v]) => [g, [...v]]) }));
    expectClean(JSON.stringify(opened.problems));

    // servers that echo the Authorization header back in their error body
    for (const name of ["acme/fleet/broken", "acme/fleet/forbidden"]) {
      const error = await openEscCredentials(parseEnvironmentName(name), { token: TOKEN, baseUrl: esc.url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(name);
      expectClean((error as Error).message);
      expectClean(String((error as Error).stack));
      expectClean(inspect(error, { depth: Infinity, showHidden: true }));
      expectClean(JSON.stringify(error));
    }
  });
});
