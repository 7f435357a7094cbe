import { z } from "zod";
import { tableSchema, toTable } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

export const listTables = defineSnowflakeTool({
  name: "snowflake_list_tables",
  title: "List Snowflake tables and views",
  description:
    "List the tables and views of a Snowflake database (its INFORMATION_SCHEMA.TABLES), optionally of one " +
    "schema, of one kind, or with names matching a pattern (ILIKE: % any characters, _ one character). " +
    "Returns type, row count and size for tables, owner, clustering key, comment and dates. Use " +
    "snowflake_describe_table for columns. Needs a running warehouse: a few seconds of warehouse time.",
  toolset: "catalog",
  input: z.object({
    database: z.string().min(1).max(255),
    schema: z.string().min(1).max(255).optional(),
    namePattern: z.string().min(1).max(255).optional().describe("ILIKE pattern, e.g. %ORDER%"),
    kind: z.enum(["table", "view"]).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  }),
  output: z.object({ database: z.string(), tables: z.array(tableSchema), truncated: z.boolean().describe("more matched than the limit") }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ database, schema, namePattern, kind, limit }, { api, signal }) {
    const rows = await api.listTables(
      database,
      {
        ...(schema === undefined ? {} : { schema }),
        ...(namePattern === undefined ? {} : { namePattern }),
        ...(kind === undefined ? {} : { type: kind === "table" ? ("BASE TABLE" as const) : ("VIEW" as const) }),
        limit: limit + 1,
      },
      signal,
    );
    return { database, tables: rows.slice(0, limit).map(toTable), truncated: rows.length > limit };
  },
});
