import { z } from "zod";
import { connectorOutSchema, toSource } from "../types/normalized.js";
import { defineAirbyteTool, idInput } from "./define.js";

export const getSource = defineAirbyteTool({
  name: "airbyte_get_source",
  title: "Get an Airbyte source",
  description:
    "Fetch one Airbyte source by id: name, connector type, workspace, creation time and the names of its configured " +
    "settings (never their values, which can be credentials).",
  toolset: "connectors",
  input: z.object({ sourceId: idInput("source") }),
  output: z.object({ source: connectorOutSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { source: toSource(await api.getSource(input.sourceId, signal)) };
  },
});
