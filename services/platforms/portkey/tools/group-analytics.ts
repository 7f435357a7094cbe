import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { groupRowOutput, toGroupRows } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";
import { analyticsFilter, analyticsInput } from "./inputs.js";

export const groupAnalytics = definePortkeyTool({
  name: "portkey_group_analytics",
  title: "Portkey usage by model, user or metadata",
  description:
    "Breaks Portkey gateway traffic in a window down by AI model, by user, or by the values of a request metadata " +
    "key (e.g. team or feature): requests, cost in USD and average tokens per group, a page at a time. Combine with " +
    "the config or virtual key filters to see one route's mix. Read-only.",
  toolset: "analytics",
  input: z.object({
    by: z.enum(["ai-models", "users", "metadata"]),
    metadataKey: z.string().min(1).optional().describe("required when by is metadata"),
    page: z.number().int().min(0).default(0).describe("current_page, from 0"),
    pageSize: z.number().int().min(1).max(100).default(25),
    ...analyticsInput,
  }),
  output: z.object({ from: z.string(), to: z.string(), total: z.number(), groups: z.array(groupRowOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal, clock }) {
    if (input.by === "metadata" && input.metadataKey === undefined) throw new UpstreamError("portkey", 400, false, "grouping by metadata needs metadataKey");
    const filter = analyticsFilter(input, api, clock.now());
    const raw = await api.group(
      input.by,
      filter,
      { ...(input.metadataKey !== undefined && { metadataKey: input.metadataKey }), currentPage: input.page, pageSize: input.pageSize },
      signal,
    );
    return { from: filter.from, to: filter.to, total: raw.total, groups: toGroupRows(raw) };
  },
});
