import { z } from "zod";
import { instanceOutput, toInstance } from "../types/normalized.js";
import { defineLambdaLabsTool } from "./define.js";

export const restartInstances = defineLambdaLabsTool({
  name: "lambda_labs_restart_instances",
  title: "Restart Lambda instances (interrupts their work)",
  description:
    "Restarts (reboots) the given Lambda Cloud instances: every process on them is killed and unsaved in-memory " +
    "work is lost; the local disk and billing continue. Use it to recover an unhealthy instance. Each call reboots " +
    "again. Returns the instances as Lambda reports them after the request.",
  toolset: "instances",
  input: z.object({ instanceIds: z.array(z.string().min(1)).min(1).max(20) }),
  output: z.object({ restarted: z.array(instanceOutput) }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal, clock }) {
    const restarted = await api.restart(input.instanceIds, signal);
    return { restarted: restarted.map((instance) => toInstance(instance, undefined, clock.now())) };
  },
});
