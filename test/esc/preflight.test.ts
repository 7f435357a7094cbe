import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_CANNOT_CHECK, EXIT_MISSING, EXIT_OK, runPreflight } from "../../services/esc/preflight-run.js";
import { secret } from "../fakes/esc.js";
import { fakeEscForFile } from "./fake-esc-for-file.js";
import { runPreflightProcess } from "./run-preflight-process.js";

const TOKEN = "pul-preflight-token-0002";
const EXPIRED = "pul-preflight-expired-0003";
const FIXTURES = path.join(import.meta.dirname, "fixtures");

const esc = fakeEscForFile({
  validTokens: [TOKEN, EXPIRED],
  expiredTokens: [EXPIRED],
  environments: {
    "acme/fleet/common": {
      values: {
        pulumiConfig: {
          credentials: {
            slack: { SLACK_BOT_TOKEN: secret("common-bot"), SLACK_SIGNING_SECRET: secret("common-signing") },
            linear: { LINEAR_API_KEY: secret("common-linear"), LINEAR_TEAM_ID: "team-plain" },
            fleet: { MCP_AUTH_TOKEN: secret("common-mcp"), MEMORY_INGEST_TOKEN: secret("common-ingest") },
          },
        },
      },
    },
    "acme/fleet/shared": { values: { pulumiConfig: { credentials: { slack: { SLACK_APP_TOKEN: secret("never-read") } } } } },
    "acme/fleet/prod": {
      values: {
        pulumiConfig: {
          credentials: {
            slack: { SLACK_BOT_TOKEN: secret("prod-bot"), SLACK_BOGUS: secret("x") },
            slak: { SLACK_BOT_TOKEN: secret("typo") },
            gong: { GONG_ACCESS_KEY: secret("g") },
            fleet: { MCP_TOKEN_TYPO: secret("m") },
          },
        },
      },
    },
    "acme/fleet/partial": { values: { pulumiConfig: { credentials: { slack: { SLACK_BOT_TOKEN: secret("p") } } } } },
    "acme/fleet/nocreds": { values: { environmentVariables: { A: "b" } } },
    "acme/fleet/malformed": { values: { pulumiConfig: { credentials: { slack: { SLACK_WEBHOOK_URL: ["not", "text"] } } } } },
  },
});

function environment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PULUMI_ACCESS_TOKEN: TOKEN,
    PULUMI_BACKEND_URL: esc.url,
    PULUMI_ORG: "acme",
    INTEGRATIONS_FILE: path.join(FIXTURES, "integrations.yaml"),
    ...overrides,
  };
}

async function preflight(argv: string[], env = environment()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runPreflight(argv, env, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe("preflight --stack", () => {
  it("opens the stack's merged imports, skips merge:false ones, and passes when everything required is there", async () => {
    const before = esc.requests.length;
    const { code, stdout, stderr } = await preflight(["--stack", "prod", "--stack-dir", FIXTURES]);
    expect(stderr).toBe("");
    expect(code).toBe(EXIT_OK);

    const paths = esc.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/open\/[0-9a-f]+$/, "open/{id}")}`);
    expect(paths.sort()).toEqual(
      [
        "POST /api/esc/environments/acme/fleet/common/open",
        "GET /api/esc/environments/acme/fleet/common/open/{id}",
        "POST /api/esc/environments/acme/fleet/prod/open",
        "GET /api/esc/environments/acme/fleet/prod/open/{id}",
      ].sort(),
    );

    expect(stdout).toMatch(/^ {2}acme\/fleet\/common +6 keys +\d+ ms$/m);
    expect(stdout).toMatch(/^slack +2\/2 +- +SLACK_APP_TOKEN, SLACK_USER_TOKEN, SLACK_WEBHOOK_URL$/m);
    expect(stdout).toMatch(/^linear +1\/1 +- +LINEAR_WEBHOOK_SECRET, LINEAR_WEBHOOK_URL$/m);
    // the stack's settings use token auth: both fleet tokens are required
    expect(stdout).toMatch(/^fleet +2\/2 +- +FLEET_MCP_TOKEN$/m);
    expect(stdout).toMatch(/credentials\.slak\.SLACK_BOT_TOKEN +unknown platform +\(from acme\/fleet\/prod\)/);
    expect(stdout).toMatch(/credentials\.slack\.SLACK_BOGUS +unknown variable/);
    expect(stdout).toMatch(/credentials\.gong\.GONG_ACCESS_KEY +integration not enabled/);
    expect(stdout).toMatch(/credentials\.fleet\.MCP_TOKEN_TYPO +unknown variable/);
    expect(stdout).toContain("stored as plain text (wrap in fn::secret if it is sensitive):\n  credentials.linear.LINEAR_TEAM_ID");
    expect(stdout).toContain("OK: every enabled integration has its required credentials");
    expect(stdout).toMatch(/checked 4 integration\(s\) against 2 environment\(s\) in \d+ ms/);
  });

  it("reports machine-readable JSON, with the later import as the origin of an overridden key", async () => {
    const { code, stdout } = await preflight(["--stack", "prod", "--stack-dir", FIXTURES, "--json"]);
    expect(code).toBe(EXIT_OK);
    const report = JSON.parse(stdout) as {
      ok: boolean;
      totalMs: number;
      environments: Array<{ environment: string; elapsedMs: number }>;
      rows: Array<{ group: string; present: Record<string, string> }>;
      unused: Array<{ path: string; reason: string }>;
    };
    expect(report.ok).toBe(true);
    expect(report.environments.map((e) => e.environment)).toEqual(["acme/fleet/common", "acme/fleet/prod"]);
    expect(report.totalMs).toBeGreaterThanOrEqual(0);
    expect(report.rows.find((r) => r.group === "slack")?.present).toEqual({
      SLACK_BOT_TOKEN: "acme/fleet/prod",
      SLACK_SIGNING_SECRET: "acme/fleet/common",
    });
    expect(report.unused.map((u) => u.path)).toEqual([
      "credentials.fleet.MCP_TOKEN_TYPO",
      "credentials.gong.GONG_ACCESS_KEY",
      "credentials.slack.SLACK_BOGUS",
      "credentials.slak.SLACK_BOT_TOKEN",
    ]);
  });
});

describe("preflight --environment", () => {
  it("exits 1 and names every missing required credential", async () => {
    const { code, stdout, stderr } = await preflight(["--environment", "fleet/partial"]);
    expect(code).toBe(EXIT_MISSING);
    expect(stdout).toMatch(/^slack +1\/2 +SLACK_SIGNING_SECRET +/m);
    expect(stdout).toMatch(/^linear +0\/1 +LINEAR_API_KEY +/m);
    // without a stack file the default settings apply (token auth): the fleet tokens are required too
    const missing = "slack.SLACK_SIGNING_SECRET, linear.LINEAR_API_KEY, fleet.MCP_AUTH_TOKEN, fleet.MEMORY_INGEST_TOKEN";
    expect(stdout).toContain(`FAIL: 4 required credential(s) missing: ${missing}`);
    expect(stderr).toBe(`missing required credentials: ${missing}\n`);
  });

  it("says when an environment defines no pulumiConfig.credentials", async () => {
    const { code, stdout } = await preflight(["--environment", "acme/fleet/nocreds"]);
    expect(code).toBe(EXIT_MISSING);
    expect(stdout).toMatch(/acme\/fleet\/nocreds +no pulumiConfig\.credentials/);
  });

  it("exits 1 on an unusable entry even when every required credential is there", async () => {
    const { code, stdout, stderr } = await preflight(["--environment", "fleet/common", "--environment", "fleet/malformed"]);
    expect(code).toBe(EXIT_MISSING);
    expect(stdout).toMatch(/pulumiConfig\.credentials\.slack\.SLACK_WEBHOOK_URL +expected a string, got a list +\(in acme\/fleet\/malformed\)/);
    expect(stdout).toContain("FAIL: 1 unusable entry under credentials");
    expect(stdout).not.toContain("OK:");
    expect(stderr).toBe("unusable entries: pulumiConfig.credentials.slack.SLACK_WEBHOOK_URL\n");
  });

  it("merges repeated --environment flags in order", async () => {
    const { stdout } = await preflight(["--environment", "fleet/partial", "--environment", "fleet/common", "--json"]);
    const report = JSON.parse(stdout) as { ok: boolean; rows: Array<{ group: string; present: Record<string, string> }> };
    expect(report.ok).toBe(true);
    expect(report.rows.find((r) => r.group === "slack")?.present.SLACK_BOT_TOKEN).toBe("acme/fleet/common");
  });
});

describe("preflight cannot check (exit 2)", () => {
  it("names an unknown environment", async () => {
    const { code, stderr } = await preflight(["--environment", "fleet/missing", "--environment", "fleet/common"]);
    expect(code).toBe(EXIT_CANNOT_CHECK);
    expect(stderr).toContain('ESC environment "acme/fleet/missing" was not found');
  });

  it("says an expired token was rejected, in JSON too", async () => {
    const { code, stdout, stderr } = await preflight(["--stack", "prod", "--stack-dir", FIXTURES, "--json"], environment({ PULUMI_ACCESS_TOKEN: EXPIRED }));
    expect(code).toBe(EXIT_CANNOT_CHECK);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false });
    expect(stderr).toContain('the Pulumi access token was rejected (401) opening ESC environment "acme/fleet/common"');
    expect(stderr + stdout).not.toContain(EXPIRED);
  });

  it("needs a token", async () => {
    const { code, stderr } = await preflight(["--stack", "prod", "--stack-dir", FIXTURES], environment({ PULUMI_ACCESS_TOKEN: undefined }));
    expect(code).toBe(EXIT_CANNOT_CHECK);
    expect(stderr).toContain("PULUMI_ACCESS_TOKEN is not set");
  });

  it("names a missing stack file and a stack without imports", async () => {
    const missing = await preflight(["--stack", "staging", "--stack-dir", FIXTURES]);
    expect(missing.code).toBe(EXIT_CANNOT_CHECK);
    expect(missing.stderr).toContain(`${path.join(FIXTURES, "Pulumi.staging.yaml")}: cannot read the stack file (ENOENT)`);
    const bare = await preflight(["--stack", "bare", "--stack-dir", FIXTURES]);
    expect(bare.stderr).toContain("Pulumi.bare.yaml imports no ESC environment");
  });

  it("needs an organization for short names", async () => {
    const { code, stderr } = await preflight(["--environment", "fleet/common"], environment({ PULUMI_ORG: undefined }));
    expect(code).toBe(EXIT_CANNOT_CHECK);
    expect(stderr).toContain('ESC environment "fleet/common" names no organization');
  });

  it("explains its usage", async () => {
    const none = await preflight([]);
    expect(none.code).toBe(EXIT_CANNOT_CHECK);
    expect(none.stderr).toContain("name a stack (--stack prod)");
    expect(none.stderr).toContain("usage: npm run preflight");
    expect((await preflight(["--stack", "prod", "--environment", "a/b/c"])).stderr).toContain("exclude each other");
    expect((await preflight(["--bogus"])).stderr).toContain("Unknown option '--bogus'");
    const help = await preflight(["--help"]);
    expect(help.code).toBe(EXIT_OK);
    expect(help.stdout).toContain("usage: npm run preflight");
  });
});

describe("the npm run preflight entry point", () => {
  it("runs as a process and sets its exit code", async () => {
    const ok = await runPreflightProcess(["--stack", "prod", "--stack-dir", FIXTURES], environment());
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(EXIT_OK);
    expect(ok.stdout).toContain("OK: every enabled integration has its required credentials");
    const failing = await runPreflightProcess(["--environment", "acme/fleet/partial"], environment());
    expect(failing.code).toBe(EXIT_MISSING);
  });
});
