import { z } from "zod";
import { clip } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

const MAX_CELL = 2_000;

/** A cell as JSON: Dates as ISO strings, big or odd values as text, long texts clipped. */
function cell(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return value.length > MAX_CELL ? clip(value, MAX_CELL) : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") return cell((value as { toJSON(): unknown }).toJSON());
  const json = JSON.stringify(value);
  return json.length > MAX_CELL ? clip(json, MAX_CELL) : (JSON.parse(json) as unknown);
}

export const runQuery = defineSnowflakeTool({
  name: "snowflake_run_query",
  title: "Run a read-only Snowflake query",
  description:
    "Run ONE read-only Snowflake statement (SELECT or WITH-SELECT, SHOW, DESCRIBE, EXPLAIN) on the " +
    "session's warehouse and return its rows; costs warehouse credits while it runs. The statement is parsed before it is sent: several statements, DML/DDL anywhere " +
    "(also inside a CTE), CALL, EXECUTE IMMEDIATE, Snowflake Scripting blocks, SELECT ... INTO, the ->> " +
    "operator and SYSTEM$ functions that change things are refused. Pass values as `params` for ? " +
    "placeholders, never inside the SQL text. At most `maxRows` rows are read (the rest is not fetched) " +
    "and Snowflake cancels the statement after `timeoutSeconds`. COSTS MONEY: a SELECT runs on the " +
    "session's warehouse and bills its credits per second while it runs (and may resume a suspended " +
    "warehouse, which bills at least 60 seconds); keep queries selective and use LIMIT.",
  toolset: "query",
  input: z.object({
    sql: z.string().min(1).max(100_000),
    params: z.array(z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()])).max(100).default([]).describe("values for the ? placeholders, in order"),
    maxRows: z.number().int().min(1).max(1000).default(100),
    timeoutSeconds: z.number().int().min(1).max(600).default(60).describe("Snowflake cancels the statement after this long"),
  }),
  output: z.object({
    statementKind: z.string().describe("SELECT, SHOW, DESCRIBE or EXPLAIN"),
    queryId: z.string().optional().describe("for snowflake_get_query_history and Snowsight"),
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.array(z.record(z.string(), z.unknown())),
    totalRows: z.number().describe("rows the statement produced"),
    truncated: z.boolean().describe("true when only the first maxRows rows are returned"),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ sql, params, maxRows, timeoutSeconds }, { api, signal }) {
    const result = await api.readOnlyQuery({ sql, binds: params, maxRows, timeoutSeconds }, signal);
    return {
      statementKind: result.kind,
      queryId: result.queryId,
      columns: [...result.columns],
      rows: result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, cell(value)]))),
      totalRows: result.totalRows,
      truncated: result.totalRows > result.rows.length,
    };
  },
});
