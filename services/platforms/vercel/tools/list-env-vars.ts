import { z } from "zod";
import { envVarSchema, toEnvVar } from "../types/normalized.js";
import { defineVercelTool } from "./define.js";
import { projectInput, projectOf } from "./inputs.js";

export const listEnvVars = defineVercelTool({
  name: "vercel_list_env_vars",
  title: "List a Vercel project's environment variable names",
  description:
    "List the environment variables of a Vercel project by name: their type (plain, encrypted, sensitive, " +
    "system), which environments they apply to (production, preview, development), and a preview branch when " +
    "limited to one. Values are never returned (the server never asks Vercel to decrypt them), so use it to " +
    "check that a variable exists and where, e.g. when a build fails on a missing variable.",
  toolset: "projects",
  input: z.object({
    project: projectInput,
    target: z.enum(["production", "preview", "development"]).optional().describe("only variables that apply to this environment"),
    gitBranch: z.string().min(1).max(250).optional().describe("variables as a preview of this branch sees them"),
  }),
  output: z.object({ project: z.string(), envVars: z.array(envVarSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const project = projectOf(input.project, api.defaultProject);
    const { envs } = await api.listEnvVars(project, { gitBranch: input.gitBranch }, signal);
    const envVars = envs.map(toEnvVar).filter((env) => input.target === undefined || env.targets.includes(input.target));
    return { project, envVars: envVars.sort((a, b) => a.key.localeCompare(b.key)) };
  },
});
