import { z } from "zod";
import { toVirtualKey, virtualKeyOutput } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";

export const listVirtualKeys = definePortkeyTool({
  name: "portkey_list_virtual_keys",
  title: "List Portkey virtual keys (metadata only)",
  description:
    "Lists the workspace's Portkey virtual keys: slug, name, status (active or exhausted), note, expiry, budget " +
    "(credit limit, type, periodic reset) and rate limits. Metadata only: the provider API key a virtual key stands " +
    "for is never returned. Read-only.",
  toolset: "keys",
  input: z.object({ page: z.number().int().min(0).default(0), pageSize: z.number().int().min(1).max(100).default(50) }),
  output: z.object({ total: z.number(), virtualKeys: z.array(virtualKeyOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const raw = await api.listVirtualKeys({ currentPage: input.page, pageSize: input.pageSize }, signal);
    return { total: raw.total, virtualKeys: raw.data.map(toVirtualKey) };
  },
});
