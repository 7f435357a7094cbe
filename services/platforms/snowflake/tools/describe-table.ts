import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { columnSchema, tableSchema, toColumn, toTable } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

export const describeTable = defineSnowflakeTool({
  name: "snowflake_describe_table",
  title: "Describe a Snowflake table or view",
  description:
    "Describe one Snowflake table or view: its kind, owner, row count, size, clustering key and comment, and " +
    "every column in order with its type (NUMBER(38,0), TEXT(…), TIMESTAMP_NTZ…), nullability, default and " +
    "comment. Names are case-sensitive as stored (usually upper case). Needs a running warehouse: a few " +
    "seconds of warehouse time.",
  toolset: "catalog",
  input: z.object({
    database: z.string().min(1).max(255),
    schema: z.string().min(1).max(255),
    table: z.string().min(1).max(255),
  }),
  output: z.object({ database: z.string(), table: tableSchema, columns: z.array(columnSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ database, schema, table }, { api, signal }) {
    const [tables, columns] = await Promise.all([
      api.listTables(database, { schema, exactName: table, limit: 1 }, signal),
      api.listColumns(database, schema, [table], signal),
    ]);
    const found = tables.find((t) => t.TABLE_NAME === table);
    if (found === undefined) {
      throw new UpstreamError("snowflake", 404, false, `No table or view ${database}.${schema}.${table} (names are case-sensitive as stored), or the role cannot see it`);
    }
    return { database, table: toTable(found), columns: columns.map(toColumn) };
  },
});
