import { z } from "zod";
import { instanceOutput, toInstance } from "../types/normalized.js";
import { launchLookbackStart } from "./cost-window.js";
import { defineLambdaLabsTool } from "./define.js";

export const terminateInstances = defineLambdaLabsTool({
  name: "lambda_labs_terminate_instances",
  title: "Terminate Lambda instances (deletes their disks)",
  description:
    "DESTRUCTIVE and irreversible: terminates the given Lambda Cloud instances, which stops their billing and " +
    "permanently erases everything on their local disks (only data on persistent file systems survives). Returns " +
    "each instance with its estimated total cost when its launch is in the last 30 days of the audit log. Confirm " +
    "the ids with lambda_labs_list_instances first.",
  toolset: "instances",
  input: z.object({ instanceIds: z.array(z.string().min(1)).min(1).max(20) }),
  output: z.object({ terminated: z.array(instanceOutput), totalCostUsd: z.number().optional().describe("estimated, over the instances whose launch is known") }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal, clock }) {
    const now = clock.now();
    const terminated = await api.terminate(input.instanceIds, signal);
    // read after the termination went through: a failed lookup must not stand in its way
    const launches = await api.launches(launchLookbackStart(now), signal).catch(() => new Map());
    const instances = terminated.map((instance) => toInstance(instance, launches.get(instance.id), now));
    const costs = instances.flatMap((instance) => (instance.runningCostUsd === undefined ? [] : [instance.runningCostUsd]));
    return { terminated: instances, ...(costs.length > 0 && { totalCostUsd: Math.round(costs.reduce((a, b) => a + b, 0) * 100) / 100 }) };
  },
});
