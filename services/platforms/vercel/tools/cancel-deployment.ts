import { z } from "zod";
import { deploymentSchema, fromDeployment } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { deploymentInput, deploymentRef } from "./inputs.js";

export const cancelDeployment = defineVercelTool({
  name: "vercel_cancel_deployment",
  title: "Cancel a Vercel deployment",
  description:
    "Cancel a Vercel deployment that is still queued or building. The build is stopped and discarded (it " +
    "cannot be resumed; a new one needs vercel_redeploy_deployment), and Vercel reports it CANCELED to whoever watches " +
    "deployments (Git commit statuses, integrations). A deployment that already finished cannot be canceled " +
    "(Vercel answers an error). Returns the deployment as canceled.",
  toolset: "deployments",
  input: z.object({ deployment: deploymentInput.describe("id (dpl_...) or URL of a queued or building deployment") }),
  output: z.object({ deployment: deploymentSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const ref = deploymentRef(input.deployment);
    // the cancel endpoint takes an id; a URL is resolved to one first
    const id = ref.startsWith("dpl_") ? ref : (await api.getDeployment(ref, signal)).id;
    return { deployment: fromDeployment(await api.cancelDeployment(id, signal)) };
  },
});
