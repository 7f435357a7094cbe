/**
 * `npm run fleet:check`: validates a deployed (or local) fleet, the seed's `_validate_deployment`.
 * For every server: an MCP handshake and tools/list on its MCP URL, and a probe of its webhook
 * route (an unsigned POST must reach the server and be refused with 401: the route exists and the
 * verifier is on). The fleet endpoint (target "fleet_endpoint") must also list tools of every other server
 * that answered: it federates them. Prints a table and exits non-zero naming what failed.
 *
 *   pulumi stack output --json --show-secrets=false > outputs.json
 *   npm run fleet:check -- --outputs outputs.json [--token $MCP_AUTH_TOKEN]
 *   npm run fleet:check -- --url slack=http://127.0.0.1:9003/mcp,http://127.0.0.1:8080/webhook/slack/events
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { describeFetchError } from "./monitor.js";

export interface CheckTarget {
  readonly platform: string;
  readonly mcpUrl: string;
  readonly webhookUrl?: string;
}

export interface CheckResult {
  readonly platform: string;
  readonly mcp: { readonly ok: boolean; readonly detail: string; readonly ms: number; readonly tools?: readonly string[] };
  readonly webhook?: { readonly ok: boolean; readonly detail: string };
  readonly ok: boolean;
}

/** Finds `{ <platform>: { mcpUrl, webhookUrl? } }` anywhere in `pulumi stack output --json`. */
export function targetsFromStackOutputs(outputs: unknown): CheckTarget[] {
  const found = new Map<string, CheckTarget>();
  const visit = (value: unknown, key: string | undefined): void => {
    if (!value || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (key && typeof record.mcpUrl === "string") {
      found.set(key, {
        platform: key,
        mcpUrl: record.mcpUrl,
        ...(typeof record.webhookUrl === "string" ? { webhookUrl: record.webhookUrl } : {}),
      });
      return;
    }
    for (const [childKey, child] of Object.entries(record)) visit(child, childKey);
  };
  visit(outputs, undefined);
  return [...found.values()].sort((a, b) => a.platform.localeCompare(b.platform));
}

export function parseUrlArgument(argument: string): CheckTarget {
  const match = /^([a-z_]+)=([^,]+)(?:,(.+))?$/.exec(argument);
  if (!match) throw new Error(`bad --url "${argument}": expected platform=mcpUrl[,webhookUrl]`);
  return { platform: match[1]!, mcpUrl: match[2]!, ...(match[3] ? { webhookUrl: match[3] } : {}) };
}

export async function checkTarget(target: CheckTarget, options: { token?: string; timeoutMs: number }): Promise<CheckResult> {
  const mcp = await checkMcp(target.mcpUrl, options);
  const webhook = target.webhookUrl ? await checkWebhook(target.webhookUrl, options.timeoutMs) : undefined;
  return { platform: target.platform, mcp, ...(webhook ? { webhook } : {}), ok: mcp.ok && (webhook?.ok ?? true) };
}

async function checkMcp(url: string, options: { token?: string; timeoutMs: number }): Promise<CheckResult["mcp"]> {
  const started = performance.now();
  const client = new Client({ name: "sophia-fleet-check", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {},
  });
  try {
    await withTimeout(client.connect(transport), options.timeoutMs, "handshake");
    const { tools } = await withTimeout(client.listTools(), options.timeoutMs, "tools/list");
    const ms = Math.round(performance.now() - started);
    return tools.length > 0
      ? { ok: true, detail: `${tools.length} tools`, ms, tools: tools.map((t) => t.name) }
      : { ok: false, detail: "tools/list returned no tools", ms };
  } catch (error) {
    return { ok: false, detail: describeMcpError(error), ms: Math.round(performance.now() - started) };
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function checkWebhook(url: string, timeoutMs: number): Promise<NonNullable<CheckResult["webhook"]>> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    if (response.status === 401) return { ok: true, detail: "route reaches the server; unsigned request refused (401)" };
    return { ok: false, detail: `expected 401 for an unsigned request, got ${response.status}` };
  } catch (error) {
    return { ok: false, detail: describeFetchError(error) };
  }
}

function describeMcpError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = describeFetchError(error);
  return message.includes("fetch failed") ? cause : message.split("\n")[0]!.slice(0, 160);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/**
 * The fleet endpoint's result, given every server's: it passes only if it lists tools of each other
 * server that answered (a server that is down is reported on its own row).
 */
export function withFederationCheck(results: readonly CheckResult[]): CheckResult[] {
  return results.map((result) => {
    if (result.platform !== "fleet_endpoint" || !result.mcp.ok) return result;
    const listed = result.mcp.tools ?? [];
    const servers = results.filter((r) => r.platform !== "fleet_endpoint" && r.mcp.ok).map((r) => r.platform);
    const missing = servers.filter((platform) => !listed.some((name) => name.startsWith(`${platform}_`)));
    const detail = missing.length === 0 ? `${result.mcp.detail}, among them each checked server's (${servers.join(", ") || "no other server checked"})` : `${result.mcp.detail}, none of ${missing.join(", ")} (running, but not federated)`;
    return { ...result, mcp: { ...result.mcp, ok: missing.length === 0, detail }, ok: result.ok && missing.length === 0 };
  });
}

export function renderResults(results: readonly CheckResult[]): string {
  const rows = results.map((r) => [
    r.platform,
    r.ok ? "ok" : "FAILED",
    `${r.mcp.ok ? "ok" : "failed"}: ${r.mcp.detail} (${r.mcp.ms} ms)`,
    r.webhook ? `${r.webhook.ok ? "ok" : "failed"}: ${r.webhook.detail}` : "-",
  ]);
  const header = ["platform", "result", "MCP", "webhook route"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      outputs: { type: "string" },
      url: { type: "string", multiple: true },
      token: { type: "string", default: process.env.MCP_AUTH_TOKEN },
      "timeout-ms": { type: "string", default: "10000" },
    },
  });
  const targets = [
    ...(values.outputs ? targetsFromStackOutputs(JSON.parse(readFileSync(values.outputs, "utf8"))) : []),
    ...(values.url ?? []).map(parseUrlArgument),
  ];
  if (targets.length === 0) {
    console.error("nothing to check: pass --outputs <pulumi stack output --json file> or --url platform=mcpUrl[,webhookUrl]");
    return 2;
  }
  const results = withFederationCheck(
    await Promise.all(targets.map((t) => checkTarget(t, { ...(values.token ? { token: values.token } : {}), timeoutMs: Number(values["timeout-ms"]) }))),
  );
  console.log(renderResults(results));
  const failed = results.filter((r) => !r.ok).map((r) => r.platform);
  if (failed.length > 0) {
    console.error(`\nfleet check failed for: ${failed.join(", ")}`);
    return 1;
  }
  console.log(`\nall ${results.length} servers passed`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`fleet check failed: ${(error as Error).message}`);
      process.exit(2);
    },
  );
}
