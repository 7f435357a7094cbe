import { z } from "zod";
import { projectSchema, toProject } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { projectInput, projectOf } from "./inputs.js";

export const getProject = defineVercelTool({
  name: "vercel_get_project",
  title: "Get a Vercel project",
  description:
    "Fetch one Vercel project by id or name: framework, Node.js version, root directory, connected Git " +
    "repository and production branch, the deployment production serves now and the latest deployments. " +
    "Use vercel_list_deployments for its deployment history and vercel_list_project_domains for its domains.",
  toolset: "projects",
  input: z.object({ project: projectInput }),
  output: z.object({ project: projectSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { project: toProject(await api.getProject(projectOf(input.project, api.defaultProject), signal)) };
  },
});
