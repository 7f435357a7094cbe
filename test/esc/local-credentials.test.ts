import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enabledIntegrations, loadFleet } from "../../services/fleet/load.js";
import { escSourceFromEnv, LocalCredentialsError, resolveLocalCredentials } from "../../services/esc/local-credentials.js";
import { secret } from "../fakes/esc.js";
import { fakeEscForFile } from "./fake-esc-for-file.js";

const TOKEN = "pul-local-token-0001";
const FIXTURES = path.join(import.meta.dirname, "fixtures");
const integrations = enabledIntegrations(loadFleet(path.join(FIXTURES, "integrations.yaml")));

let dir: string;
let dotenvPath: string;

const esc = fakeEscForFile({
  validTokens: [TOKEN],
  environments: {
    "acme/fleet/dev": {
      values: {
        pulumiConfig: {
          credentials: {
            slack: {
              SLACK_BOT_TOKEN: secret("esc-bot"),
              SLACK_SIGNING_SECRET: secret("esc-signing"),
              SLACK_USER_TOKEN: secret("esc-user"),
            },
            linear: { LINEAR_API_KEY: secret("esc-linear"), LINEAR_TEAM_ID: "esc-team" },
            gong: { GONG_ACCESS_KEY: secret("esc-gong") },
            fleet: { MCP_AUTH_TOKEN: secret("esc-mcp") },
          },
        },
      },
    },
  },
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "esc-local-"));
  dotenvPath = path.join(dir, ".env");
  await writeFile(
    dotenvPath,
    ["# local overrides", "SLACK_BOT_TOKEN=dotenv-bot", 'SLACK_SIGNING_SECRET="dotenv-signing"', "LINEAR_TEAM_ID=", 'LINEAR_API_KEY="  "', ""].join("\n"),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("resolveLocalCredentials", () => {
  it("takes the process environment first, then .env, then ESC, and names the source of each", async () => {
    const before = esc.requests.length;
    const resolved = await resolveLocalCredentials({
      integrations,
      env: { SLACK_BOT_TOKEN: "env-bot", GONG_ACCESS_KEY: "env-gong", PATH: "/usr/bin" },
      dotenvPath,
      esc: { environment: "acme/fleet/dev", token: TOKEN, baseUrl: esc.url },
    });
    // one open + one read for the whole fleet, not per integration
    expect(esc.requests.length - before).toBe(2);

    const slack = resolved.get("slack");
    expect({ ...slack?.values }).toEqual({
      SLACK_BOT_TOKEN: "env-bot",
      SLACK_SIGNING_SECRET: "dotenv-signing",
      SLACK_USER_TOKEN: "esc-user",
      MCP_AUTH_TOKEN: "esc-mcp",
    });
    expect(slack?.sources).toEqual({
      SLACK_BOT_TOKEN: "env",
      SLACK_SIGNING_SECRET: ".env",
      SLACK_USER_TOKEN: "esc",
      MCP_AUTH_TOKEN: "esc",
    });
    expect(slack?.missingRequired).toEqual([]);
    expect(slack?.missingOptional).toEqual(["SLACK_APP_TOKEN", "SLACK_WEBHOOK_URL", "MEMORY_INGEST_TOKEN", "FLEET_MCP_TOKEN"]);

    // an empty or blank .env value does not mask ESC
    const linear = resolved.get("linear");
    expect(linear?.values.LINEAR_TEAM_ID).toBe("esc-team");
    expect(linear?.sources.LINEAR_TEAM_ID).toBe("esc");
    expect(linear?.sources.LINEAR_API_KEY).toBe("esc");
    // linear has no webhook_path in this fleet, so its webhook secret is optional
    expect(linear?.missingRequired).toEqual([]);
    expect(linear?.missingOptional).toContain("LINEAR_WEBHOOK_SECRET");
  });

  it("gives each integration only its own keys and the fleet keys", async () => {
    const resolved = await resolveLocalCredentials({
      integrations,
      env: { GONG_ACCESS_KEY: "env-gong", LINEAR_API_KEY: "env-linear", HOME: "/root" },
      esc: { environment: "acme/fleet/dev", token: TOKEN, baseUrl: esc.url },
    });
    // the memory server and the fleet endpoint are in every fleet (added when the file has no entry for them)
    expect([...resolved.keys()]).toEqual(["slack", "linear", "memory", "fleet_endpoint"]);
    expect(Object.keys(resolved.get("slack")?.values ?? {}).sort()).toEqual([
      "MCP_AUTH_TOKEN",
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET",
      "SLACK_USER_TOKEN",
    ]);
    expect(Object.keys(resolved.get("linear")?.values ?? {}).sort()).toEqual(["LINEAR_API_KEY", "LINEAR_TEAM_ID", "MCP_AUTH_TOKEN"]);
    expect(resolved.get("linear")?.values.LINEAR_API_KEY).toBe("env-linear");
  });

  it("lists missing required and optional variables when nothing supplies them", async () => {
    const resolved = await resolveLocalCredentials({ integrations, env: {}, dotenvPath: path.join(dir, "absent.env") });
    expect(resolved.get("slack")).toMatchObject({
      sources: {},
      missingRequired: ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"],
    });
    expect(resolved.get("linear")?.missingRequired).toEqual(["LINEAR_API_KEY"]);
  });

  it("resolves a short environment name in PULUMI_ORG", async () => {
    const resolved = await resolveLocalCredentials({
      integrations,
      env: { PULUMI_ORG: "acme" },
      esc: { environment: "fleet/dev", token: TOKEN, baseUrl: esc.url },
    });
    expect(resolved.get("slack")?.sources.SLACK_BOT_TOKEN).toBe("esc");
  });

  it("fails naming the environment when it does not exist", async () => {
    await expect(
      resolveLocalCredentials({ integrations, env: {}, esc: { environment: "acme/fleet/typo", token: TOKEN, baseUrl: esc.url } }),
    ).rejects.toThrow(/ESC environment "acme\/fleet\/typo" was not found/);
  });

  it("fails when .env exists but cannot be read", async () => {
    await expect(resolveLocalCredentials({ integrations, env: {}, dotenvPath: dir })).rejects.toThrow(LocalCredentialsError);
  });
});

describe("escSourceFromEnv", () => {
  it("is off unless an environment is named", () => {
    expect(escSourceFromEnv({ PULUMI_ACCESS_TOKEN: TOKEN })).toBeUndefined();
  });

  it("reads the usual Pulumi variables, a flag winning over ESC_ENVIRONMENT", () => {
    const env = { ESC_ENVIRONMENT: "acme/fleet/dev", PULUMI_ACCESS_TOKEN: TOKEN, PULUMI_BACKEND_URL: "http://127.0.0.1:1", PULUMI_ORG: "acme" };
    expect(escSourceFromEnv(env)).toEqual({ environment: "acme/fleet/dev", token: TOKEN, baseUrl: "http://127.0.0.1:1", org: "acme" });
    expect(escSourceFromEnv(env, "acme/fleet/other")?.environment).toBe("acme/fleet/other");
  });

  it("refuses a named environment without a token", () => {
    expect(() => escSourceFromEnv({ ESC_ENVIRONMENT: "acme/fleet/dev" })).toThrow(/PULUMI_ACCESS_TOKEN is not set/);
  });
});
