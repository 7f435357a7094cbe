import { z } from "zod";
import { pipeSchema, toPipe } from "../types/normalized.js";
import { defineSnowflakeTool } from "./define.js";

export const listPipes = defineSnowflakeTool({
  name: "snowflake_list_pipes",
  title: "List Snowpipe pipes",
  description:
    "List the account's Snowpipe pipes (SHOW PIPES IN ACCOUNT): database, schema, name, whether it loads on " +
    "cloud storage notifications (auto-ingest), its COPY INTO statement (clipped), file pattern, owner and " +
    "why it is invalid if it is. Use snowflake_get_pipe_status for its state and backlog. Runs in the cloud " +
    "services layer; no warehouse credits.",
  toolset: "pipelines",
  input: z.object({ database: z.string().min(1).max(255).optional() }),
  output: z.object({ pipes: z.array(pipeSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ database }, { api, signal }) {
    const pipes = (await api.listPipes(signal)).map(toPipe);
    return { pipes: database === undefined ? pipes : pipes.filter((p) => p.database === database) };
  },
});
