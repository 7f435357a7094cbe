import { z } from "zod";
import { nextOffset } from "../api/index.js";
import { connectionOutSchema, toConnection } from "../types/normalized.js";
import { defineAirbyteTool, pageInput, workspaceInput } from "./define.js";

export const listConnections = defineAirbyteTool({
  name: "airbyte_list_connections",
  title: "List Airbyte connections",
  description:
    "List Airbyte connections (a source replicated into a destination): id, name, status (active = runs on its " +
    "schedule, inactive = disabled), schedule, source and destination ids, and the streams it syncs. Use a " +
    "connection id to trigger a sync, list its jobs or enable/disable it.",
  toolset: "connections",
  input: z.object({ workspaceId: workspaceInput, ...pageInput, includeDeleted: z.boolean().default(false) }),
  output: z.object({ connections: z.array(connectionOutSchema), nextOffset: z.number().int().optional() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const workspaceId = input.workspaceId ?? api.workspaceId;
    const page = await api.listConnections(
      { limit: input.limit, offset: input.offset, ...(workspaceId ? { workspaceId } : {}), ...(input.includeDeleted ? { includeDeleted: true } : {}) },
      signal,
    );
    const next = nextOffset(page, input.offset);
    return { connections: page.data.map(toConnection), ...(next === undefined ? {} : { nextOffset: next }) };
  },
});
