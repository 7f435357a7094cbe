import { z } from "zod";
import { buildEventSchema, isProblem, toBuildEvent } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { deploymentInput, deploymentRef, limitInput } from "./inputs.js";

export const getBuildLogs = defineVercelTool({
  name: "vercel_get_deployment_build_logs",
  title: "Get a Vercel deployment's build logs",
  description:
    "Read the build output of a Vercel deployment (commands, stdout, stderr, exit codes), oldest line first. " +
    "By default the last `limit` lines, where a failed build says why; `fromStart` reads the first lines instead, " +
    "and `errorsOnly` keeps stderr, fatal and error-level lines. Runtime (request) logs are not included.",
  toolset: "deployments",
  input: z.object({
    deployment: deploymentInput,
    limit: limitInput(100, 1000),
    fromStart: z.boolean().default(false),
    errorsOnly: z.boolean().default(false),
  }),
  output: z.object({ deployment: z.string(), events: z.array(buildEventSchema), errorCount: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const ref = deploymentRef(input.deployment);
    const raw = await api.getDeploymentEvents(ref, { direction: input.fromStart ? "forward" : "backward", limit: input.limit }, signal);
    const events = raw.map(toBuildEvent);
    // read backwards to get the end of the log; shown in the order it was printed
    const ordered = input.fromStart ? events : events.reverse();
    const problems = ordered.filter(isProblem);
    return { deployment: ref, events: input.errorsOnly ? problems : ordered, errorCount: problems.length };
  },
});
