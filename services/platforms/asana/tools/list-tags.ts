import { z } from "zod";
import { workspaceOf } from "../api/index.js";
import { tagSchema, toTag } from "../types/normalized.js";
import { defineAsanaTool } from "./define.js";

export const listTags = defineAsanaTool({
  name: "asana_list_tags",
  title: "List the tags of an Asana workspace",
  description: "List the tags of a workspace with their gids (for asana_list_tasks by tag, and asana_create_task's tags). One page of up to `limit`.",
  toolset: "workspaces",
  input: z.object({ workspace: z.string().min(1).optional().describe("workspace gid (default: ASANA_WORKSPACE_ID)"), limit: z.number().int().min(1).max(100).default(100) }),
  output: z.object({ tags: z.array(tagSchema), truncated: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const page = await api.listTags(workspaceOf(api, input.workspace), input.limit, signal);
    return { tags: page.items.map(toTag), truncated: page.next !== undefined };
  },
});
