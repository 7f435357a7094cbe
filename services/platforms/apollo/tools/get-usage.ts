import { z } from "zod";
import { defineApolloTool } from "./define.js";

const lineSchema = z.object({ limit: z.number().optional(), consumed: z.number().optional(), left: z.number().optional() });
type Line = z.infer<typeof lineSchema>;

const line = (raw: { limit?: number | null; consumed?: number | null; left_over?: number | null } | null | undefined): Line => ({
  ...(raw?.limit == null ? {} : { limit: raw.limit }),
  ...(raw?.consumed == null ? {} : { consumed: raw.consumed }),
  ...(raw?.left_over == null ? {} : { left: raw.left_over }),
});

/** `["api/v1/contacts", "search"]` -> `contacts/search` */
function endpointName(key: string): string {
  try {
    const parts: unknown = JSON.parse(key);
    if (Array.isArray(parts) && parts.every((part) => typeof part === "string")) return parts.join("/").replace(/^api\/v1\//, "");
  } catch {
    // not Apollo's array notation: shown as given
  }
  return key;
}

export const getUsage = defineApolloTool({
  name: "apollo_get_usage",
  title: "Apollo credits and API limits",
  description:
    "How many Apollo credits are left this billing cycle (per credit type: lead / email, mobile, export, AI...) and, " +
    "per API endpoint, the minute / hour / day request limits and what is used of them (Apollo's usage stats; needs a " +
    "master API key). Costs no credits. Check this before enriching many people.",
  toolset: "usage",
  input: z.object({ endpoints: z.boolean().default(true).describe("include the per-endpoint API limits") }),
  output: z.object({
    credits: z.array(z.object({ type: z.string() }).merge(lineSchema)),
    cycle: z.object({ start: z.string().optional(), end: z.string().optional() }).optional(),
    endpoints: z.array(z.object({ endpoint: z.string(), minute: lineSchema, hour: lineSchema, day: lineSchema })).optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const credit = await api.creditUsage({ signal });
    const cycle = credit.current_credit_cycle;
    const result = {
      credits: Object.entries(credit.credit_usage_stats).map(([type, raw]) => ({ type, ...line(raw) })),
      ...(cycle == null ? {} : { cycle: { ...(cycle.start_date ? { start: cycle.start_date } : {}), ...(cycle.end_date ? { end: cycle.end_date } : {}) } }),
    };
    if (!input.endpoints) return result;
    const usage = await api.apiUsage({ signal });
    return {
      ...result,
      endpoints: Object.entries(usage).map(([key, windows]) => ({ endpoint: endpointName(key), minute: line(windows.minute), hour: line(windows.hour), day: line(windows.day) })),
    };
  },
});
