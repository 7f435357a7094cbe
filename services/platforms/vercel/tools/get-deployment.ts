import { z } from "zod";
import { deploymentSchema, fromDeployment } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { deploymentInput, deploymentRef } from "./inputs.js";

export const getDeployment = defineVercelTool({
  name: "vercel_get_deployment",
  title: "Get a Vercel deployment",
  description:
    "Fetch one Vercel deployment by id (dpl_...) or URL: its state (QUEUED, BUILDING, READY, ERROR, CANCELED), " +
    "environment, URL and the domains pointing at it, who started it from which branch and commit, build and " +
    "ready times, and the error code and message when it failed.",
  toolset: "deployments",
  input: z.object({ deployment: deploymentInput }),
  output: z.object({ deployment: deploymentSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { deployment: fromDeployment(await api.getDeployment(deploymentRef(input.deployment), signal)) };
  },
});
