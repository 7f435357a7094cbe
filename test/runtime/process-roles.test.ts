/**
 * What the plan tells each process of an integration reaches the runtime: its share of the rate
 * limits (the figure handed to createPlatformHttp, the webhook intake's limit) and whether it runs
 * the batch syncs. The pacing itself is tested with the HTTP client; here, the divided figures.
 */
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadFleet, DEFAULT_FLEET_FILE } from "../../services/fleet/load.js";
import { buildPlan, stackSettingsSchema, type ServerPlan } from "../../services/fleet/plan.js";
import { standaloneEnvironment } from "../../services/fleet/process-shares.js";
import { integrationSchema } from "../../services/fleet/schema.js";
import type { PlatformDefinition, SyncDefinition } from "../../services/runtime/contract.js";
import type { PlatformHttpOptions } from "../../services/runtime/http/client.js";
import { noAuth } from "../../services/runtime/http/static-auth.js";
import type { WidgetApi } from "../fixtures/test-platform/api.js";
import { definition as testPlatform } from "../fixtures/test-platform/index.js";
import { rawRequest } from "../contract/raw-http.js";
import { startTestServer, WEBHOOK_SECRET } from "./support.js";

const httpOptions: PlatformHttpOptions[] = vi.hoisted(() => []);
vi.mock("../../services/runtime/http/client.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../services/runtime/http/client.js")>();
  return {
    ...original,
    createPlatformHttp: (options: PlatformHttpOptions) => {
      httpOptions.push(options);
      return original.createPlatformHttp(options);
    },
  };
});

const ROLE_VARIABLES = ["MCP_SYNC", "MCP_API_RATE_DIVISOR", "MCP_WEBHOOK_RATE_DIVISOR"] as const;
const roleOf = (env: Readonly<Record<string, string>>) => Object.fromEntries(ROLE_VARIABLES.map((name) => [name, env[name]!]));

/** The shipped plan's Slack: 2 serving replicas and a sync runner, 50 API calls and 1,000 webhooks a minute. */
const slack: ServerPlan = buildPlan(loadFleet(DEFAULT_FLEET_FILE), stackSettingsSchema.parse({})).servers.find((s) => s.platform === "slack")!;
const slackLimits = integrationSchema.parse(JSON.parse(slack.env.MCP_INTEGRATION!)).rate_limits!;

async function apiCallsPerMinuteOf(env: Record<string, string>): Promise<number | undefined> {
  httpOptions.length = 0;
  const t = await startTestServer({ settings: { rate_limits: slackLimits }, env });
  try {
    // two clients: the platform API's, and the token endpoint's (no auth of its own, not paced)
    const api = httpOptions.filter((options) => options.auth !== noAuth);
    expect(api).toHaveLength(1);
    expect(httpOptions.filter((options) => options.auth === noAuth).every((options) => options.apiCallsPerMinute === undefined)).toBe(true);
    return api[0]!.apiCallsPerMinute;
  } finally {
    await t.stop();
  }
}

const signed = (id: string) => {
  const body = JSON.stringify({ id, type: "widget.updated", widget: { id: "w_1", name: "One", color: "red", created_at: "2026-05-05T05:05:05Z" } });
  return { body, headers: { "x-widget-signature": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}` } };
};

describe("rate shares from the plan", () => {
  it("hands createPlatformHttp the process's share of api_calls_per_minute", async () => {
    expect(slackLimits.api_calls_per_minute).toBe(50);
    expect(roleOf(slack.env)).toEqual({ MCP_SYNC: "off", MCP_API_RATE_DIVISOR: "4", MCP_WEBHOOK_RATE_DIVISOR: "2" });
    // a serving replica: a quarter (half of the budget, shared by two replicas), rounded down
    expect(await apiCallsPerMinuteOf(roleOf(slack.env))).toBe(12);
    // the sync runner: half
    expect(await apiCallsPerMinuteOf(roleOf(slack.syncRunner!.env))).toBe(25);
    // the local fleet's one process, and a process given no share at all: everything
    expect(await apiCallsPerMinuteOf(roleOf(standaloneEnvironment(slack)))).toBe(50);
    expect(await apiCallsPerMinuteOf({})).toBe(50);
  });

  it("limits the webhook intake to the replica's share of webhook_events_per_minute", async () => {
    // 6 a minute over 3 replicas: this one admits 2 before answering 429
    const t = await startTestServer({ settings: { rate_limits: { webhook_events_per_minute: 6 } }, env: { MCP_WEBHOOK_RATE_DIVISOR: "3" } });
    try {
      const statuses: number[] = [];
      for (const id of ["evt-1", "evt-2", "evt-3"]) {
        const { body, headers } = signed(id);
        statuses.push((await rawRequest(`${t.server.url}/webhook/widgets/events`, { method: "POST", headers, body })).status);
      }
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await t.stop();
    }
  });
});

describe("MCP_SYNC", () => {
  const widgetsSync: SyncDefinition<WidgetApi> = {
    object: "widgets",
    async *run() {
      yield { records: [], checkpoint: "end" };
    },
  };
  const syncing = { ...testPlatform, syncs: [widgetsSync] } as PlatformDefinition<unknown>;
  const schedule = { batch_sync_interval: "0 0 1 1 *", sync_objects: ["widgets"] };

  it("off: schedules no sync and opens no checkpoints, yet answers MCP and takes webhooks", async () => {
    const t = await startTestServer({ definition: syncing, settings: schedule, env: roleOf(slack.env) });
    try {
      expect(t.server.runSyncNow).toBeUndefined();
      expect(existsSync(path.join(t.dataDir, "sync-checkpoints.sqlite"))).toBe(false);
      expect(t.logs.text()).toContain("MCP_SYNC=off");
      const client = await t.connect();
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      const { body, headers } = signed("evt-sync-off");
      expect((await rawRequest(`${t.server.url}/webhook/widgets/events`, { method: "POST", headers, body })).status).toBe(200);
    } finally {
      await t.stop();
    }
  });

  it("on (the sync runner, or unset): schedules the syncs on its own checkpoints", async () => {
    for (const env of [roleOf(slack.syncRunner!.env), {}]) {
      const t = await startTestServer({ definition: syncing, settings: schedule, env });
      try {
        expect(t.server.runSyncNow).toBeDefined();
        await t.server.runSyncNow!("widgets");
        expect(existsSync(path.join(t.dataDir, "sync-checkpoints.sqlite"))).toBe(true);
      } finally {
        await t.stop();
      }
    }
  });
});
