import { z } from "zod";
import { instanceOutput, toInstance } from "../types/normalized.js";
import { launchLookbackStart } from "./cost-window.js";
import { defineLambdaLabsTool } from "./define.js";

export const getInstance = defineLambdaLabsTool({
  name: "lambda_labs_get_instance",
  title: "Get one Lambda instance with its cost so far",
  description:
    "Fetches one Lambda Cloud instance by id: status, type, GPU, region, IPs, hostname, SSH keys, file systems, tags, " +
    "hourly price and, when its launch is in the last 30 days of the audit log, who launched it, when, and its " +
    "estimated cost so far. Read-only; never returns the instance's Jupyter token.",
  toolset: "instances",
  input: z.object({ id: z.string().min(1).describe("instance id, from lambda_labs_list_instances") }),
  output: z.object({ instance: instanceOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal, clock }) {
    const now = clock.now();
    const raw = await api.getInstance(input.id, signal);
    const launches = await api.launches(launchLookbackStart(now), signal);
    return { instance: toInstance(raw, launches.get(raw.id), now) };
  },
});
