import { z } from "zod";
import { instanceOutput, toInstance } from "../types/normalized.js";
import { launchLookbackStart } from "./cost-window.js";
import { defineLambdaLabsTool } from "./define.js";

export const listInstances = defineLambdaLabsTool({
  name: "lambda_labs_list_instances",
  title: "List Lambda instances with hourly and running cost",
  description:
    "Lists the account's Lambda Cloud instances (not yet terminated): status, type, GPU, region, IP, SSH keys and " +
    "file systems, the hourly price, and, from the audit log of the last 30 days, when and by whom each was launched " +
    "and its estimated cost so far (price x hours). Totals give the current hourly burn. Read-only; the Jupyter " +
    "token of an instance is never returned.",
  toolset: "instances",
  input: z.object({
    status: z.enum(["booting", "active", "unhealthy", "terminating", "preempted"]).optional(),
    includeCost: z.boolean().default(true).describe("read the audit log for launch times and running cost (one or more extra API calls)"),
  }),
  output: z.object({
    instances: z.array(instanceOutput),
    totalUsdPerHour: z.number().describe("what the listed instances cost per hour together"),
    totalRunningCostUsd: z.number().optional().describe("sum of the running costs that are known"),
    costNote: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal, clock }) {
    const now = clock.now();
    const raw = (await api.listInstances(signal)).filter((instance) => input.status === undefined || instance.status === input.status);
    const launches = input.includeCost && raw.length > 0 ? await api.launches(launchLookbackStart(now), signal) : new Map();
    const instances = raw.map((instance) => toInstance(instance, launches.get(instance.id), now));
    const known = instances.flatMap((instance) => (instance.runningCostUsd === undefined ? [] : [instance.runningCostUsd]));
    const unknown = instances.length - known.length;
    return {
      instances,
      totalUsdPerHour: Math.round(instances.reduce((sum, instance) => sum + instance.priceUsdPerHour, 0) * 100) / 100,
      ...(known.length > 0 && { totalRunningCostUsd: Math.round(known.reduce((a, b) => a + b, 0) * 100) / 100 }),
      costNote:
        "Running cost is an estimate (on-demand price x hours since the launch in the audit log); Lambda bills by the minute and has no billing API." +
        (unknown > 0 ? ` ${unknown} instance(s) have no launch in the last 30 days of the audit log, so no running cost.` : ""),
    };
  },
});
