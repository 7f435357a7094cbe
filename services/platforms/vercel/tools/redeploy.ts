import { z } from "zod";
import { deploymentSchema, fromDeployment } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { deploymentInput, deploymentRef } from "./inputs.js";

export const redeploy = defineVercelTool({
  name: "vercel_redeploy_deployment",
  title: "Redeploy a Vercel deployment",
  description:
    "Start a new build of an existing Vercel deployment with the same project settings and environment " +
    "variables (from the same commit, or the branch's newest with `withLatestCommit`). It spends build minutes " +
    "(billed beyond the plan's allowance) and notifies whoever watches deployments (Git commit statuses, " +
    "Vercel integrations); with target `production` the new build replaces what visitors see once it is ready. " +
    "Each call starts another build. Returns the new deployment, usually still QUEUED or BUILDING: follow it " +
    "with vercel_get_deployment.",
  toolset: "deployments",
  input: z.object({
    deployment: deploymentInput.describe("the deployment to rebuild: id (dpl_...) or URL"),
    target: z.enum(["production", "staging"]).optional().describe("production: serve it on the production domains when ready; default: a preview"),
    withLatestCommit: z.boolean().optional().describe("build the newest commit of the original deployment's branch"),
  }),
  output: z.object({ deployment: deploymentSchema, redeployOf: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    // Vercel requires the project name beside the deployment id; the original deployment has it
    const original = await api.getDeployment(deploymentRef(input.deployment), signal);
    const created = await api.redeploy(
      {
        name: original.name,
        deploymentId: original.id,
        ...(input.target === undefined ? {} : { target: input.target }),
        ...(input.withLatestCommit === undefined ? {} : { withLatestCommit: input.withLatestCommit }),
      },
      signal,
    );
    return { deployment: fromDeployment(created), redeployOf: original.id };
  },
});
