/**
 * Each Portkey tool against the Portkey fake: analytics over time and grouped, filters reaching
 * Portkey's query, one log with truncated and redacted bodies, configs with embedded keys redacted,
 * virtual keys as metadata only, prompts listed and rendered, feedback; and no secret (the API key,
 * a provider key behind a virtual key, a key in a config or a log) in any output.
 */
import { describe, expect, it } from "vitest";
import { createFeedback } from "../../../services/platforms/portkey/tools/create-feedback.js";
import { getAnalytics } from "../../../services/platforms/portkey/tools/get-analytics.js";
import { getConfig } from "../../../services/platforms/portkey/tools/get-config.js";
import { exportLogs } from "../../../services/platforms/portkey/tools/export-logs.js";
import { getLog } from "../../../services/platforms/portkey/tools/get-log.js";
import { getLogExport } from "../../../services/platforms/portkey/tools/get-log-export.js";
import { groupAnalytics } from "../../../services/platforms/portkey/tools/group-analytics.js";
import { listConfigs } from "../../../services/platforms/portkey/tools/list-configs.js";
import { listPrompts } from "../../../services/platforms/portkey/tools/list-prompts.js";
import { listVirtualKeys } from "../../../services/platforms/portkey/tools/list-virtual-keys.js";
import { renderPrompt } from "../../../services/platforms/portkey/tools/render-prompt.js";
import { BODY_LIMIT_CHARS } from "../../../services/platforms/portkey/types/normalized.js";
import { PLANTED_SECRETS } from "../../fakes/portkey.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { API_KEY, type Harness, WORKSPACE, startHarness } from "./harness.js";

let portkey: Harness;
startedForEachTest(() => startHarness(), (started) => (portkey = started));

const WINDOW = { from: "2026-11-17T00:00:00Z", to: "2026-11-19T23:59:59Z" };

describe("portkey_get_analytics", () => {
  it("returns cost in USD, requests and errors for the window with a daily series", async () => {
    const result = await portkey.call(getAnalytics, WINDOW);
    expect(result.graphs.map((g) => [g.metric, g.summary])).toEqual([
      ["cost", { total: 19.8, avg: 1.65 }],
      ["requests", { total: 12 }],
      ["errors", { total: 3 }],
    ]);
    expect(result.graphs[0]!.dataPoints).toEqual([
      { timestamp: "2026-11-17T00:00:00.000Z", values: { total: 6.6, avg: 1.65 } },
      { timestamp: "2026-11-18T00:00:00.000Z", values: { total: 6.6, avg: 1.65 } },
      { timestamp: "2026-11-19T00:00:00.000Z", values: { total: 6.6, avg: 1.65 } },
    ]);
    const sent = portkey.fake.requestsTo("/v1/analytics/graphs/cost")[0]!;
    expect(sent.headers["x-portkey-api-key"]).toBe(API_KEY);
    expect(Object.fromEntries(sent.query)).toEqual({ workspace_slug: WORKSPACE, time_of_generation_min: WINDOW.from, time_of_generation_max: WINDOW.to });
  });

  it("filters by model, config, virtual key and metadata, and reads latency and error rate", async () => {
    const result = await portkey.call(getAnalytics, {
      ...WINDOW,
      metrics: ["latency", "error_rate"],
      models: ["gpt-4o"],
      configs: ["pc-prod-router"],
      virtualKeys: ["openai-prod-1a2b"],
      metadata: { team: "search" },
    });
    expect(result.graphs.map((g) => [g.metric, g.summary])).toEqual([
      ["latency", { avg: 900, p50: 900, p90: 1000, p99: 1000 }],
      ["error_rate", { rate: 33 }],
    ]);
    expect(Object.fromEntries(portkey.fake.requestsTo("/v1/analytics/graphs/latency")[0]!.query)).toMatchObject({
      ai_org_model: "gpt-4o",
      configs: "pc-prod-router",
      virtual_keys: "openai-prod-1a2b",
      metadata: '{"team":"search"}',
    });
  });

  it("defaults to the 7 days before now and refuses without a workspace", async () => {
    const result = await portkey.call(getAnalytics, { metrics: ["requests"] });
    expect([result.from, result.to]).toEqual(["2026-11-13T12:00:00.000Z", "2026-11-20T12:00:00.000Z"]);
    expect(result.graphs[0]!.summary).toEqual({ total: 13 });
    const noWorkspace = await startHarness({ PORTKEY_API_KEY: API_KEY });
    try {
      const error = await upstreamErrorOf(noWorkspace.call(getAnalytics, {}));
      expect(error.safeMessage).toContain("set PORTKEY_WORKSPACE_ID");
      expect(noWorkspace.fake.requests).toEqual([]);
    } finally {
      await noWorkspace.close();
    }
  });
});

describe("portkey_group_analytics", () => {
  it("breaks traffic down by model, user and metadata value", async () => {
    expect((await portkey.call(groupAnalytics, { ...WINDOW, by: "ai-models" })).groups).toEqual([
      { key: "gpt-4o", requests: 9 },
      { key: "claude-sonnet-4", requests: 3 },
    ]);
    expect((await portkey.call(groupAnalytics, { ...WINDOW, by: "users" })).groups).toEqual([
      { key: "ada", requests: 9, costUsd: 10.8 },
      { key: "grace", requests: 3, costUsd: 9 },
    ]);
    const byTeam = await portkey.call(groupAnalytics, { ...WINDOW, by: "metadata", metadataKey: "team", pageSize: 1 });
    expect(byTeam).toMatchObject({ total: 2, groups: [{ key: "search", requests: 9, costUsd: 10.8, avgTokens: 1000 }] });
    expect(Object.fromEntries(portkey.fake.requestsTo("/v1/analytics/groups/metadata/team")[0]!.query)).toMatchObject({ current_page: "0", page_size: "1" });
  });

  it("needs a metadata key to group by metadata", async () => {
    const error = await upstreamErrorOf(portkey.call(groupAnalytics, { ...WINDOW, by: "metadata" }));
    expect(error.safeMessage).toBe("grouping by metadata needs metadataKey");
  });
});

describe("portkey_get_log", () => {
  it("returns the request's model, tokens, cost and bodies, truncated and with credentials redacted", async () => {
    const { log } = await portkey.call(getLog, { logId: "log-2026-11-17-gpt-0" });
    expect(log).toMatchObject({
      id: "log-2026-11-17-gpt-0",
      url: "https://api.openai.com/v1/chat/completions",
      status: 200,
      latencyMs: 800,
      provider: "openai",
      model: "gpt-4o",
      promptTokens: 900,
      completionTokens: 100,
      totalTokens: 1000,
      costUsd: 1.2,
      traceId: "trace-2026-11-17-0",
      configId: "pc-prod-router",
      virtualKey: "openai-prod-1a2b",
    });
    expect(log.requestBody!.length).toBeLessThan(BODY_LIMIT_CHARS + 80);
    expect(log.requestBody).toMatch(/… \[truncated, \d+ characters in all\]$/);
    expect(log.responseBody).toBe('{"id":"chatcmpl-1","choices":[{"message":{"role":"assistant","content":"A summary."}}],"usage":{"total_tokens":1000}}');
  });

  it("redacts an api_key inside a short body", async () => {
    portkey.fake.gatewayRequests[1]!.requestBody = { model: "gpt-4o", api_key: PLANTED_SECRETS[0], nested: { Authorization: PLANTED_SECRETS[2] } };
    const { log } = await portkey.call(getLog, { logId: "log-2026-11-17-gpt-1" });
    expect(log.requestBody).toBe('{"model":"gpt-4o","api_key":"[redacted]","nested":{"Authorization":"[redacted]"}}');
  });

  it("says 404 for an unknown log", async () => {
    const error = await upstreamErrorOf(portkey.call(getLog, { logId: "nope" }));
    expect(error.status).toBe(404);
  });
});

describe("configs", () => {
  it("lists configs, optionally by status", async () => {
    const { configs } = await portkey.call(listConfigs, {});
    expect(configs.map((c) => [c.slug, c.name, c.status])).toEqual([
      ["pc-prod-router", "Production router", "active"],
      ["pc-old", "Old router", "archived"],
    ]);
    expect((await portkey.call(listConfigs, { status: "active" })).configs).toHaveLength(1);
  });

  it("shows a config's routing with any embedded key redacted", async () => {
    const { config } = await portkey.call(getConfig, { slug: "pc-prod-router" });
    expect(config).toEqual({
      strategy: { mode: "fallback" },
      retry: { attempts: 3, on_status_codes: [429, 503] },
      targets: [
        { virtual_key: "openai-prod-1a2b", override_params: { model: "gpt-4o" } },
        { provider: "anthropic", api_key: "[redacted]", override_params: { model: "claude-sonnet-4" } },
      ],
      cache: { mode: "simple", max_age: 3600 },
    });
  });
});

describe("portkey_list_virtual_keys", () => {
  it("returns metadata only, never the provider key", async () => {
    const result = await portkey.call(listVirtualKeys, {});
    expect(result).toEqual({
      total: 2,
      virtualKeys: [
        {
          slug: "openai-prod-1a2b",
          name: "OpenAI production",
          status: "active",
          note: "search team",
          createdAt: "2026-09-01T00:00:00.000Z",
          creditLimit: 500,
          limitType: "cost",
          periodicReset: "monthly",
          rateLimits: ["600 requests per rpm"],
        },
        { slug: "anthropic-dev-3c4d", name: "Anthropic dev", status: "exhausted", createdAt: "2026-09-01T00:00:00.000Z", rateLimits: ["600 requests per rpm"] },
      ],
    });
    expect(Object.fromEntries(portkey.fake.requestsTo("/v1/virtual-keys")[0]!.query)).toEqual({ current_page: "0", page_size: "50" });
  });
});

describe("prompts", () => {
  it("lists and searches prompt templates", async () => {
    expect((await portkey.call(listPrompts, {})).prompts).toEqual([
      { id: "pp-support-reply-1", slug: "support-reply", name: "Support reply", model: "gpt-4o", status: "active", collectionId: "c0ffee00-0000-4000-8000-000000000001", updatedAt: "2026-11-10T10:00:00.000Z" },
    ]);
    expect((await portkey.call(listPrompts, { search: "nothing like it" })).prompts).toEqual([]);
  });

  it("renders a template with variables, calling no model", async () => {
    const rendered = await portkey.call(renderPrompt, { promptId: "support-reply", variables: { product: "Sophia", question: "Where is my invoice?" } });
    expect(rendered).toEqual({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "You are a support agent for Sophia." },
        { role: "user", content: "Customer asks: Where is my invoice?" },
      ],
    });
    expect(JSON.parse(portkey.fake.requestsTo("/v1/prompts/support-reply/render")[0]!.body)).toEqual({ variables: { product: "Sophia", question: "Where is my invoice?" } });
  });
});

describe("portkey_create_feedback", () => {
  it("sends the documented feedback body", async () => {
    const result = await portkey.call(createFeedback, { traceId: "trace-2026-11-19-0", value: 8, weight: 0.5, metadata: { reviewer: "ada" } });
    expect(result).toEqual({ status: "success", feedbackIds: ["fb-1"] });
    expect(portkey.fake.feedback).toEqual([{ trace_id: "trace-2026-11-19-0", value: 8, weight: 0.5, metadata: { reviewer: "ada" } }]);
  });
});

describe("log search (portkey_export_logs, portkey_get_log_export)", () => {
  it("starts an export with the filters, then reads its logs with bodies cut and credentials redacted, fetching the file without the API key", async () => {
    portkey.fake.gatewayRequests[1]!.requestBody = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], api_key: PLANTED_SECRETS[0] };
    const started = await portkey.call(exportLogs, { from: "2026-11-17T00:00:00Z", to: "2026-11-17T23:59:59Z", model: "gpt-4o", maxLogs: 10 });
    expect(started).toEqual({ exportId: expect.any(String), matchingLogs: 3, status: "in_progress" });
    const [create] = portkey.fake.requestsTo("/v1/logs/exports");
    const body = JSON.parse(create!.body) as { filters: unknown; requested_data: string[] };
    expect(body.filters).toEqual({ time_of_generation_min: "2026-11-17T00:00:00Z", time_of_generation_max: "2026-11-17T23:59:59Z", ai_model: "gpt-4o", page_size: 10, current_page: 0 });
    // the provider URL can carry a key in its query string: never asked for
    expect(body.requested_data).not.toContain("request_url");
    expect(portkey.fake.exports.get(started.exportId)?.status).toBe("in_progress");

    const pending = await portkey.call(getLogExport, { exportId: started.exportId });
    expect(pending).toMatchObject({ status: "in_progress", logs: [], more: false });
    expect(portkey.fake.downloads).toEqual([]);

    const done = await portkey.call(getLogExport, { exportId: started.exportId });
    expect(done.status).toBe("success");
    expect(done.more).toBe(false);
    expect(done.logs.map((l) => l.id)).toEqual(["log-2026-11-17-gpt-0", "log-2026-11-17-gpt-1", "log-2026-11-17-gpt-2"]);
    const [first] = done.logs;
    expect(first).toMatchObject({ traceId: "trace-2026-11-17-0", provider: "openai", model: "gpt-4o", status: 200, success: true, latencyMs: 800, promptTokens: 900, completionTokens: 100, totalTokens: 1000, costUsd: 1.2, configId: "pc-prod-router", metadata: { team: "search" } });
    expect(first!.requestBody).toMatch(/^\{"model":"gpt-4o","messages":\[\{"role":"user","content":"Summarize Summarize /);
    expect(first!.requestBody).toContain(`[truncated, `);
    expect(JSON.parse(done.logs[1]!.requestBody!)).toEqual({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], api_key: "[redacted]" });
    expect(first!.requestBody!.length).toBeLessThan(BODY_LIMIT_CHARS + 60);
    expect(JSON.parse(first!.responseBody!)).toEqual({ id: "chatcmpl-1", choices: [{ message: { role: "assistant", content: "A summary." } }], usage: { total_tokens: 1000 } });
    expect(done.logs[2]).toMatchObject({ status: 429, success: false });
    expect(portkey.fake.downloads).toEqual([{ exportId: started.exportId, apiKeySent: false }]);
    const text = JSON.stringify([started, pending, done]);
    for (const secret of [API_KEY, ...PLANTED_SECRETS, "X-Amz-Signature", portkey.fake.exports.get(started.exportId)!.signature]) expect(text).not.toContain(secret);
  });

  it("filters by status codes, trace id and metadata, and says when an export holds more logs than returned", async () => {
    portkey.fake.exportPollsUntilDone = 0;
    const failed = await portkey.call(exportLogs, { from: "2026-11-17T00:00:00Z", to: "2026-11-19T23:59:59Z", statusCodes: [429, 500] });
    expect(failed.matchingLogs).toBe(3);
    expect(JSON.parse(portkey.fake.requestsTo("/v1/logs/exports").at(-2)!.body).filters).toMatchObject({ status_code: "429,500" });
    const read = await portkey.call(getLogExport, { exportId: failed.exportId, maxRows: 2 });
    expect(read.logs.map((l) => l.status)).toEqual([429, 429]);
    expect(read.more).toBe(true);

    const trace = await portkey.call(exportLogs, { from: "2026-11-17T00:00:00Z", to: "2026-11-19T23:59:59Z", traceId: "trace-2026-11-18-claude", metadata: { team: "support" } });
    expect(trace.matchingLogs).toBe(1);
    const one = await portkey.call(getLogExport, { exportId: trace.exportId });
    expect(one.logs.map((l) => l.id)).toEqual(["log-2026-11-18-claude"]);
  });

  it("refuses a window whose start is not before its end, without calling Portkey", async () => {
    const error = await upstreamErrorOf(portkey.call(exportLogs, { from: "2026-11-18T00:00:00Z", to: "2026-11-17T00:00:00Z" }));
    expect(error.safeMessage).toBe("Portkey log export: `from` must be before `to`");
    expect(portkey.fake.requestsTo("/v1/logs/exports")).toEqual([]);
  });

  it("never fetches a download URL that is not https, and never shows it", async () => {
    portkey.fake.exportPollsUntilDone = 0;
    const started = await portkey.call(exportLogs, { from: "2026-11-17T00:00:00Z", to: "2026-11-17T23:59:59Z" });
    portkey.fake.failNext({ status: 200, body: { signed_url: "http://storage.example.com/exports/x.jsonl?X-Amz-Signature=abc123" } }, `/v1/logs/exports/${started.exportId}/download`);
    const error = await upstreamErrorOf(portkey.call(getLogExport, { exportId: started.exportId }));
    expect(error.safeMessage).toBe("Portkey returned a log export download URL that is not https");
    expect(`${error.safeMessage} ${error.detail ?? ""}`).not.toContain("abc123");
    expect(portkey.fake.downloads).toEqual([]);
  });

  it("reads an export that matched nothing", async () => {
    portkey.fake.exportPollsUntilDone = 0;
    portkey.fake.gatewayRequests = [];
    const started = await portkey.call(exportLogs, { from: "2026-11-17T00:00:00Z", to: "2026-11-17T23:59:59Z" });
    const read = await portkey.call(getLogExport, { exportId: started.exportId });
    expect(read).toMatchObject({ status: "success", logs: [], more: false });
  });
});

describe("secrets", () => {
  it("no tool output carries the API key or a planted provider key", async () => {
    const outputs = [
      await portkey.call(listVirtualKeys, {}),
      await portkey.call(getConfig, { slug: "pc-prod-router" }),
      await portkey.call(getLog, { logId: "log-2026-11-17-gpt-0" }),
      await portkey.call(listConfigs, {}),
      await portkey.call(getAnalytics, WINDOW),
    ];
    const text = JSON.stringify(outputs);
    for (const secret of [API_KEY, ...PLANTED_SECRETS]) expect(text).not.toContain(secret);
  });
});
