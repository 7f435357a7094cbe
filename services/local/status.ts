/**
 * The fleet's status, as JSON for machines and as an HTML page for people. Both come from one
 * snapshot so they never disagree.
 */
import type { IntegrationFigures } from "./monitor.js";

export type CredentialSource = "env" | ".env" | "esc";

export interface IntegrationStatus {
  readonly platform: string;
  readonly title: string;
  readonly port: number;
  readonly mcpUrl: string;
  readonly webhookUrl?: string;
  /** "running", "starting", "restarting", "stopped" or "not configured" */
  readonly process: string;
  readonly pid?: number;
  readonly restarts: number;
  readonly missingCredentials: readonly string[];
  readonly credentialSources: Readonly<Record<string, CredentialSource>>;
  readonly figures: IntegrationFigures;
  /** what needs an operator's attention beyond the health checks: events waiting, dead letters, no memory */
  readonly notices: readonly string[];
  /** why the process last exited or was restarted (supervisor), e.g. "port 9003 ... is already in use" */
  readonly lastFailure?: string;
}

export interface FleetStatus {
  readonly generatedAt: string;
  readonly overallStatus: "healthy" | "degraded";
  readonly gatewayUrl: string;
  readonly fleetFile: string;
  readonly integrations: readonly IntegrationStatus[];
}

/** integrations the fleet did not start: they have no health figures of their own */
const NOT_STARTED = new Set(["not configured", "no server yet"]);

/**
 * Healthy only when every integration the fleet file enables is running and healthy, with no alert
 * and no notice: one enabled but left without its credentials (or without a server) is not doing
 * what the fleet file asks of it, so the fleet is degraded, not healthy.
 */
export function overallStatus(integrations: readonly IntegrationStatus[]): FleetStatus["overallStatus"] {
  const healthy = integrations.every(
    (i) => !NOT_STARTED.has(i.process) && i.figures.status === "healthy" && i.figures.alerts.length === 0 && i.notices.length === 0,
  );
  return healthy ? "healthy" : "degraded";
}

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function statusCell(i: IntegrationStatus): string {
  if (i.process === "not configured") {
    return `<span class="badge off">not configured</span><div class="why">missing ${escape(i.missingCredentials.join(", "))}</div>`;
  }
  if (i.process === "no server yet") {
    return `<span class="badge off">no server yet</span><div class="why">configured, but this repository has no server for it</div>`;
  }
  const label = i.process === "running" ? (i.figures.status === "healthy" && i.notices.length > 0 ? "degraded" : i.figures.status) : i.process;
  const tone = label === "healthy" ? "ok" : label === "starting" || label === "unknown" ? "wait" : "bad";
  const reason = i.process === "running" ? i.figures.lastError : (i.lastFailure ?? i.figures.lastError);
  const why = reason && label !== "healthy" ? `<div class="why">${escape(reason)}</div>` : "";
  const notices = i.notices.map((notice) => `<div class="why notice">${escape(notice)}</div>`).join("");
  return `<span class="badge ${tone}">${escape(label)}</span>${why}${notices}`;
}

export function renderStatusPage(status: FleetStatus): string {
  const rows = status.integrations
    .map((i) => {
      const f = i.figures;
      const measured = !NOT_STARTED.has(i.process) && f.totalChecks > 0;
      const alerts = f.alerts.length ? `<ul class="alerts">${f.alerts.map((a) => `<li>${escape(a)}</li>`).join("")}</ul>` : "";
      return `<tr data-platform="${escape(i.platform)}">
  <td><strong>${escape(i.title)}</strong><div class="muted">${escape(i.platform)}</div></td>
  <td class="num">${i.port}</td>
  <td>${statusCell(i)}${alerts}</td>
  <td class="num">${measured ? `${f.avgResponseTimeMs.toFixed(1)} ms` : "-"}</td>
  <td class="num">${measured ? `${f.errorRatePercent.toFixed(1)}%` : "-"}</td>
  <td class="num">${measured ? `${f.uptimePercent.toFixed(1)}%` : "-"}</td>
  <td class="num">${i.restarts}</td>
  <td><code>${escape(i.mcpUrl)}</code>${i.webhookUrl ? `<div><code>${escape(i.webhookUrl)}</code></div>` : ""}</td>
</tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>Sophia fleet: ${escape(status.overallStatus)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #f7f8fa; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .muted, .why { color: #6b7280; font-size: 12px; }
  table { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 2px #0001; }
  th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #eceef2; vertical-align: top; }
  th { background: #f0f2f5; font-weight: 600; }
  td.num { text-align: right; white-space: nowrap; }
  code { font-size: 12px; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
  .ok { background: #dcfce7; color: #166534; } .bad { background: #fee2e2; color: #991b1b; }
  .wait { background: #fef9c3; color: #854d0e; } .off { background: #e5e7eb; color: #374151; }
  .alerts { margin: 4px 0 0; padding-left: 16px; color: #991b1b; font-size: 12px; }
  .overall { margin: 0 0 16px; }
</style>
</head>
<body>
<h1>Sophia integration fleet</h1>
<p class="overall">Overall: <span class="badge ${status.overallStatus === "healthy" ? "ok" : "bad"}" id="overall">${escape(status.overallStatus)}</span>
<span class="muted">· ${escape(status.fleetFile)} · gateway ${escape(status.gatewayUrl)} · updated ${escape(status.generatedAt)} · <a href="/status">JSON</a></span></p>
<table>
<thead><tr><th>Integration</th><th>Port</th><th>Status</th><th>Avg response</th><th>Error rate</th><th>Uptime</th><th>Restarts</th><th>MCP / webhook URL</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}

/** The startup table printed to the terminal. */
export function renderStartupTable(status: FleetStatus): string {
  const header = ["platform", "port", "MCP URL", "webhook URL", "status", "credentials"];
  const rows = status.integrations.map((i) => [
    i.platform,
    String(i.port),
    i.mcpUrl,
    i.webhookUrl ?? "-",
    i.process === "not configured" ? `not configured (missing ${i.missingCredentials.join(", ")})` : i.process,
    summarizeSources(i.credentialSources),
  ]);
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, col) => c.padEnd(widths[col]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function summarizeSources(sources: Readonly<Record<string, CredentialSource>>): string {
  const counts = new Map<CredentialSource, number>();
  for (const source of Object.values(sources)) counts.set(source, (counts.get(source) ?? 0) + 1);
  if (counts.size === 0) return "-";
  return [...counts].map(([source, n]) => `${n} from ${source}`).join(", ");
}
