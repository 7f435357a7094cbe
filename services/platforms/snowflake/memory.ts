/**
 * Snowflake's synced records as memories a person can read: a failed or slow query says who ran
 * what on which warehouse, how long it took and why it failed, with a link to its Snowsight page;
 * a warehouse's day of metering says how many credits it burned and over how many hours.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import { type DailyCredits, type Query, clip, snowsightBase } from "./types/normalized.js";

const SOURCE = "snowflake";

function seconds(value: number): string {
  if (value < 60) return `${Math.round(value * 10) / 10} s`;
  const minutes = Math.floor(value / 60);
  const rest = Math.round(value - minutes * 60);
  return minutes < 60 ? `${minutes} min ${rest} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function bytes(value: number | undefined): string | undefined {
  if (value === undefined || value <= 0) return undefined;
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let n = value;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return `${Math.round(n * 10) / 10} ${units[unit]}`;
}

/** A failed or slow query, as the query_history sync stores it. */
export function queryToMemory(query: Query, slowThresholdSeconds: number): MemoryRecord {
  const who = query.user ?? "an unknown user";
  const where = query.warehouse ? ` on warehouse ${query.warehouse}${query.warehouseSize ? ` (${query.warehouseSize})` : ""}` : "";
  const what = query.queryType ? `${query.queryType} query` : "query";
  const failed = query.status !== "SUCCESS";
  const headline = failed
    ? `${who}'s ${what}${where} failed after ${seconds(query.elapsedSeconds)}`
    : `${who}'s ${what}${where} took ${seconds(query.elapsedSeconds)} (slow: ${seconds(slowThresholdSeconds)} or more)`;
  const details = [
    failed && query.errorMessage ? `Error${query.errorCode ? ` ${query.errorCode}` : ""}: ${query.errorMessage}` : undefined,
    query.database ? `Database ${query.database}${query.schema ? `.${query.schema}` : ""}.` : undefined,
    bytes(query.bytesScanned) ? `Scanned ${bytes(query.bytesScanned)}${query.rowsProduced !== undefined ? `, produced ${query.rowsProduced} rows` : ""}.` : undefined,
    query.queuedOverloadSeconds ? `Queued ${seconds(query.queuedOverloadSeconds)} because the warehouse was overloaded.` : undefined,
    query.role ? `Role ${query.role}.` : undefined,
    query.queryText ? `SQL: ${clip(query.queryText, 500)}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return {
    key: `snowflake:query:${query.queryId}`,
    source: SOURCE,
    type: failed ? "failed_query" : "slow_query",
    timestamp: query.endedAt,
    title: failed ? `Failed Snowflake query by ${who}` : `Slow Snowflake query by ${who} (${seconds(query.elapsedSeconds)})`,
    content: `${headline} at ${query.endedAt}. ${details.join(" ")}`.trim(),
    record: query,
    url: query.url,
  };
}

/** One warehouse's credits on one UTC day, as the warehouse_metering sync stores it. */
export function dailyCreditsToMemory(day: DailyCredits, account: string): MemoryRecord {
  const split = day.cloudServicesCredits > 0 ? ` (${day.computeCredits} compute, ${day.cloudServicesCredits} cloud services)` : "";
  return {
    key: `snowflake:metering:${day.warehouse}:${day.day}`,
    source: SOURCE,
    type: "warehouse_credits",
    timestamp: `${day.day}T00:00:00.000Z`,
    title: `Warehouse ${day.warehouse} used ${day.credits} credits on ${day.day}`,
    content: `Snowflake warehouse ${day.warehouse} used ${day.credits} credits${split} on ${day.day} (UTC), running in ${day.activeHours} of 24 hours.`,
    record: day,
    url: `${snowsightBase(account)}/#/compute/warehouses`,
  };
}
