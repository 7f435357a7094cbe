import { z } from "zod";
import { schemaSchema, toSchema } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

export const listSchemas = defineSnowflakeTool({
  name: "snowflake_list_schemas",
  title: "List schemas of a Snowflake database",
  description:
    "List the schemas of one Snowflake database (its INFORMATION_SCHEMA.SCHEMATA): name, owner, whether it " +
    "is transient, comment, created and last altered. Database names are case-sensitive as stored " +
    "(usually upper case, as snowflake_list_databases shows them). Needs a running warehouse: a few " +
    "seconds of warehouse time.",
  toolset: "catalog",
  input: z.object({
    database: z.string().min(1).max(255),
    limit: z.number().int().min(1).max(1000).default(200),
  }),
  output: z.object({ database: z.string(), schemas: z.array(schemaSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ database, limit }, { api, signal }) {
    return { database, schemas: (await api.listSchemas(database, limit, signal)).map(toSchema) };
  },
});
