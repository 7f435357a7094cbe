import { z } from "zod";
import { projectFileOutputSchema, toProjectFile } from "../types/normalized.js";
import { defineFigmaTool } from "./define.js";
import { TIER2_NOTE } from "./schemas.js";

export const listProjectFiles = defineFigmaTool({
  name: "figma_list_project_files",
  title: "List the files in a Figma project",
  description:
    "Lists the files of a Figma project (from figma_list_projects), most recently modified first, with each file's key, name, " +
    `last change and link. ${TIER2_NOTE}`,
  toolset: "projects",
  input: z.object({ projectId: z.string().regex(/^\d+$/) }),
  output: z.object({ projectName: z.string(), files: z.array(projectFileOutputSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const response = await api.listProjectFiles(input.projectId, signal);
    const files = response.files.map(toProjectFile).sort((a, b) => Date.parse(b.lastModified) - Date.parse(a.lastModified));
    return { projectName: response.name, files };
  },
});
