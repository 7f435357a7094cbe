/**
 * Portkey's daily traffic as memories that read like a short ops note: on which day, in which
 * workspace, how many requests, what they cost, how many failed, and which models carried them,
 * with a link to Portkey's analytics. One memory per workspace and day; a re-run of the same day
 * has the same key.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import { APP_URL, centsToUsd } from "./types/normalized.js";

export interface DailySummary {
  readonly workspace: string;
  /** YYYY-MM-DD, UTC */
  readonly day: string;
  readonly requests: number;
  readonly costCents: number;
  readonly errors: number;
  readonly topModels: readonly { readonly model: string; readonly requests: number }[];
}

const number = (value: number) => value.toLocaleString("en-US");

export function dailySummaryRecord(summary: DailySummary): MemoryRecord {
  const cost = centsToUsd(summary.costCents);
  const errorRate = summary.requests === 0 ? 0 : (summary.errors / summary.requests) * 100;
  const lines = [
    `Portkey gateway traffic on ${summary.day} (UTC) in workspace ${summary.workspace}: ${number(summary.requests)} requests costing $${cost.toFixed(2)}, ` +
      `${number(summary.errors)} failed (${errorRate.toFixed(1)}%).`,
  ];
  if (summary.topModels.length > 0) lines.push(`Top models: ${summary.topModels.map((m) => `${m.model} (${number(m.requests)} requests)`).join(", ")}.`);
  if (summary.requests === 0) lines.push("No requests went through the gateway that day.");
  return {
    key: `portkey:analytics:${summary.workspace}:${summary.day}`,
    source: "portkey",
    type: "daily_analytics",
    timestamp: `${summary.day}T00:00:00.000Z`,
    title: `Portkey ${summary.day}: ${number(summary.requests)} requests, $${cost.toFixed(2)}`,
    content: lines.join("\n"),
    record: { ...summary, costUsd: cost, errorRatePercent: Math.round(errorRate * 10) / 10 },
    url: `${APP_URL}/analytics`,
  };
}
