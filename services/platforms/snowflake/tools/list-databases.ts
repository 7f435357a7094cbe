import { z } from "zod";
import { databaseSchema, toDatabase } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

export const listDatabases = defineSnowflakeTool({
  name: "snowflake_list_databases",
  title: "List Snowflake databases",
  description:
    "List the Snowflake databases the server's role can see (SHOW DATABASES): name, owner, kind (standard, " +
    "a database from a share, an application), Time Travel retention and comment. Optionally only names " +
    "containing some text. Runs in Snowflake's cloud services layer; no warehouse credits.",
  toolset: "catalog",
  input: z.object({ nameContains: z.string().min(1).max(255).optional().describe("case-insensitive part of the name") }),
  output: z.object({ databases: z.array(databaseSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ nameContains }, { api, signal }) {
    const needle = nameContains?.toLowerCase();
    const databases = (await api.listDatabases(signal)).map(toDatabase);
    return { databases: needle === undefined ? databases : databases.filter((db) => db.name.toLowerCase().includes(needle)) };
  },
});
