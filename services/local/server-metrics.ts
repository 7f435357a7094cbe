import { formatAge } from "../runtime/inbox-cli.js";

/**
 * What each local server reports on its /metrics (what a cluster's Prometheus scrapes), for the
 * status page: what its webhook inbox holds ("12 events waiting for memory (oldest 4 min)") and
 * how its tool calls and platform API requests fared, so the monitor's figures include them.
 */
export interface InboxFigures {
  readonly pending: number;
  readonly retrying: number;
  readonly dead: number;
  readonly oldestAgeSeconds: number;
  readonly waitingFor?: "memory" | "platform";
}

const GAUGES = {
  mcp_inbox_depth: "pending",
  mcp_inbox_retrying: "retrying",
  mcp_inbox_dead_letters: "dead",
  mcp_inbox_oldest_age_seconds: "oldestAgeSeconds",
  mcp_inbox_waiting_for_memory: "memory",
  mcp_inbox_waiting_for_platform: "platform",
} as const;

/** Parses the inbox gauges of `platform` from Prometheus text; undefined when the server has no inbox. */
export function parseInboxFigures(text: string, platform: string): InboxFigures | undefined {
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(mcp_inbox_[a-z_]+)\{([^}]*)\}\s+(\S+)$/.exec(line);
    if (!match || !(match[1]! in GAUGES) || !match[2]!.split(",").includes(`platform="${platform}"`)) continue;
    values.set(GAUGES[match[1] as keyof typeof GAUGES], Number(match[3]));
  }
  if (!values.has("pending")) return undefined;
  const waitingFor = values.get("memory") === 1 ? "memory" : values.get("platform") === 1 ? "platform" : undefined;
  return {
    pending: values.get("pending") ?? 0,
    retrying: values.get("retrying") ?? 0,
    dead: values.get("dead") ?? 0,
    oldestAgeSeconds: values.get("oldestAgeSeconds") ?? 0,
    ...(waitingFor ? { waitingFor } : {}),
  };
}

/** Running totals of a server's tool calls and platform API requests, by outcome. */
export interface CallTotals {
  readonly ok: number;
  readonly failed: number;
  /** failed requests by cause: "network", "timeout", "circuit_open", "HTTP 503", tool outcome names */
  readonly failures: Readonly<Record<string, number>>;
}

/** tool-call outcomes that are the agent's doing, not the integration's: neither success nor failure */
const NEUTRAL_TOOL_OUTCOMES = new Set(["invalid_input", "cancelled"]);

/**
 * Totals over mcp_tool_calls_total and mcp_upstream_requests_total. An upstream answer counts as
 * failed when the platform could not be reached, answered 5xx or 429, or refused our credentials
 * (401/403); other 4xx are answers about the request, so the platform is up.
 */
export function parseCallTotals(text: string, platform: string): CallTotals {
  let ok = 0;
  let failed = 0;
  const failures: Record<string, number> = {};
  const fail = (cause: string, by: number) => {
    failed += by;
    failures[cause] = (failures[cause] ?? 0) + by;
  };
  for (const line of text.split("\n")) {
    const match = /^(mcp_tool_calls_total|mcp_upstream_requests_total)\{([^}]*)\}\s+(\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (labels.platform !== platform) continue;
    const value = Number(match[3]);
    if (match[1] === "mcp_tool_calls_total") {
      const outcome = labels.outcome ?? "";
      if (outcome === "ok") ok += value;
      else if (!NEUTRAL_TOOL_OUTCOMES.has(outcome)) fail(`tool call ${outcome}`, value);
      continue;
    }
    const status = labels.status ?? "";
    const code = Number(status);
    if (Number.isNaN(code)) fail(status, value);
    else if (code >= 500 || code === 429 || code === 401 || code === 403) fail(`HTTP ${code}`, value);
    else ok += value;
  }
  return { ok, failed, failures };
}

/** What happened between two readings of the totals; a restarted server starts from zero again. */
export function callDelta(previous: CallTotals | undefined, current: CallTotals): CallTotals {
  if (previous === undefined || current.ok < previous.ok || current.failed < previous.failed) return current;
  const failures: Record<string, number> = {};
  for (const [cause, count] of Object.entries(current.failures)) {
    const by = count - (previous.failures[cause] ?? 0);
    if (by > 0) failures[cause] = by;
  }
  return { ok: current.ok - previous.ok, failed: current.failed - previous.failed, failures };
}

/**
 * "12 of 12 calls failed: Slack could not be reached (network)". While the circuit is open nearly
 * every failure is "circuit_open"; what opened it is then the largest other platform failure in
 * `totals` (the server's counters so far), named after it.
 */
export function describeCallFailures(delta: CallTotals, title: string, totals?: CallTotals): string | undefined {
  if (delta.failed === 0) return undefined;
  const top = (failures: Readonly<Record<string, number>>, skip: (cause: string) => boolean) =>
    Object.entries(failures).filter(([cause]) => !skip(cause)).sort((a, b) => b[1] - a[1])[0]?.[0];
  const cause = top(delta.failures, () => false) ?? "unknown";
  let why = describeCause(cause, title);
  if (cause === "circuit_open" && totals !== undefined) {
    const opener = top(totals.failures, (c) => c === "circuit_open" || c.startsWith("tool call "));
    if (opener !== undefined) why += `: ${describeCause(opener, title)}`;
  }
  const total = delta.ok + delta.failed;
  return `${delta.failed} of ${total} call${total === 1 ? "" : "s"} failed: ${why}`;
}

function describeCause(cause: string, title: string): string {
  if (cause === "network" || cause === "timeout") return `${title} could not be reached (${cause})`;
  if (cause === "circuit_open") return `requests to ${title} paused after repeated failures (circuit open)`;
  if (cause.startsWith("HTTP ")) return `${title} answered ${cause}`;
  return cause;
}

export interface ServerMetrics {
  readonly inbox: InboxFigures | undefined;
  readonly calls: CallTotals;
}

export async function scrapeServerMetrics(port: number, platform: string, timeoutMs: number): Promise<ServerMetrics | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return response.ok ? { inbox: parseInboxFigures(text, platform), calls: parseCallTotals(text, platform) } : undefined;
}

/** an undelivered event older than this is worth a line even when nothing is unavailable */
const SLOW_BACKLOG_SECONDS = 60;

/** One line for people, or undefined when the inbox is drained and nothing is dead. */
export function describeInbox(figures: InboxFigures | undefined, platform: string): string[] {
  if (figures === undefined) return [];
  const lines: string[] = [];
  if (figures.pending > 0 && (figures.waitingFor !== undefined || figures.retrying > 0)) {
    const what = figures.waitingFor === "platform" ? `the ${platform} API` : "memory";
    lines.push(`${figures.pending} event${figures.pending === 1 ? "" : "s"} waiting for ${what} (oldest ${formatAge(figures.oldestAgeSeconds * 1000)})`);
  } else if (figures.pending > 0 && figures.oldestAgeSeconds >= SLOW_BACKLOG_SECONDS) {
    // nothing is unavailable, yet events a minute old are still undelivered (a backlog after an
    // outage being drained, or a slow handler): say so rather than show nothing
    lines.push(`${figures.pending} event${figures.pending === 1 ? "" : "s"} not yet stored in memory (oldest ${formatAge(figures.oldestAgeSeconds * 1000)})`);
  }
  if (figures.dead > 0) {
    lines.push(`${figures.dead} dead-lettered event${figures.dead === 1 ? "" : "s"}: npm run inbox -- ${platform} list`);
  }
  return lines;
}
