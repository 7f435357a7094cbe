import type { PreflightReport } from "./preflight-report.js";

/** Human output of preflight: plain text columns, names only. */
export function renderPreflightTable(report: PreflightReport, totalMs: number): string {
  const lines: string[] = [];
  lines.push("ESC environments (later ones override earlier ones):");
  lines.push(
    ...columns(
      report.environments.map((e) => [
        e.environment,
        e.found ? `${e.keyCount} ${e.keyCount === 1 ? "key" : "keys"}` : "no pulumiConfig.credentials",
        `${Math.round(e.elapsedMs)} ms`,
      ]),
      "  ",
    ),
  );
  lines.push("");
  lines.push(
    ...columns([
      ["integration", "required", "missing required", "absent optional"],
      ...report.rows.map((row) => [
        row.group,
        `${row.requiredCount - row.missingRequired.length}/${row.requiredCount}`,
        list(row.missingRequired),
        list(row.missingOptional),
      ]),
    ]),
  );
  if (report.unused.length > 0) {
    lines.push("", "keys no enabled integration uses:");
    lines.push(...columns(report.unused.map((u) => [u.path, u.reason, `(from ${u.environment})`]), "  "));
  }
  if (report.notMarkedSecret.length > 0) {
    lines.push("", "stored as plain text (wrap in fn::secret if it is sensitive):");
    lines.push(...report.notMarkedSecret.map((path) => `  ${path}`));
  }
  if (report.problems.length > 0) {
    lines.push("", "unusable entries:");
    lines.push(...columns(report.problems.map((p) => [p.path, p.message, `(in ${p.environment})`]), "  "));
  }
  lines.push("");
  if (report.ok) lines.push("OK: every enabled integration has its required credentials");
  if (report.missingRequired.length > 0) {
    lines.push(`FAIL: ${report.missingRequired.length} required credential(s) missing: ${report.missingRequired.join(", ")}`);
  }
  if (report.conflicts.length > 0) {
    lines.push(`FAIL: ${report.conflicts.length} choice(s) with more than one alternative set:`);
    lines.push(...report.conflicts.map((conflict) => `  ${conflict}`));
  }
  if (report.problems.length > 0) {
    lines.push(`FAIL: ${report.problems.length} unusable entr${report.problems.length === 1 ? "y" : "ies"} under credentials (listed above)`);
  }
  lines.push(
    `checked ${report.rows.length - 1} integration(s) against ${report.environments.length} environment(s) in ${Math.round(totalMs)} ms`,
  );
  return lines.join("\n") + "\n";
}

export function renderPreflightJson(report: PreflightReport & Record<string, unknown>, totalMs: number): string {
  return JSON.stringify({ ...report, totalMs: Math.round(totalMs) }, null, 2) + "\n";
}

function list(names: readonly string[]): string {
  return names.length === 0 ? "-" : names.join(", ");
}

function columns(rows: ReadonlyArray<readonly string[]>, indent = ""): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "));
}
