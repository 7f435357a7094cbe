import { z } from "zod";
import { GRAPHS, type GraphMetric } from "../api/index.js";
import { graphOutput, toGraph } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";
import { analyticsFilter, analyticsInput } from "./inputs.js";

const METRICS = Object.keys(GRAPHS) as [GraphMetric, ...GraphMetric[]];

export const getAnalytics = definePortkeyTool({
  name: "portkey_get_analytics",
  title: "Portkey gateway analytics over time",
  description:
    "Reads Portkey's analytics for the LLM traffic through the gateway: cost (USD), requests, tokens, latency " +
    "(avg/p50/p90/p99 ms), errors and error rate, as a total for the window plus a time series, optionally only " +
    "for given models, configs, virtual keys or request metadata. Ask for several metrics at once. Read-only.",
  toolset: "analytics",
  input: z.object({
    metrics: z.array(z.enum(METRICS)).min(1).max(6).default(["cost", "requests", "errors"]),
    ...analyticsInput,
  }),
  output: z.object({ from: z.string(), to: z.string(), graphs: z.array(graphOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal, clock }) {
    const filter = analyticsFilter(input, api, clock.now());
    const graphs = [];
    for (const metric of new Set(input.metrics)) graphs.push(toGraph(metric, await api.graph(metric, filter, signal)));
    return { from: filter.from, to: filter.to, graphs };
  },
});
