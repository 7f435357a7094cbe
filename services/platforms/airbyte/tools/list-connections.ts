import { z } from "zod";
import { connectionOutSchema, toConnection } from "../types/normalized.js";
import { defineAirbyteTool, nextPageOf, workspaceListInput, workspaceListRequest } from "./define.js";

export const listConnections = defineAirbyteTool({
  name: "airbyte_list_connections",
  title: "List Airbyte connections",
  description:
    "List Airbyte connections (a source replicated into a destination): id, name, status (active = runs on its " +
    "schedule, inactive = disabled), schedule, source and destination ids, and the streams it syncs. Use a " +
    "connection id to trigger a sync, list its jobs or enable/disable it.",
  toolset: "connections",
  input: workspaceListInput,
  output: z.object({ connections: z.array(connectionOutSchema), nextOffset: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listConnections(workspaceListRequest(input, api), signal);
    return { connections: page.data.map(toConnection), ...nextPageOf(page, input.offset) };
  },
});
