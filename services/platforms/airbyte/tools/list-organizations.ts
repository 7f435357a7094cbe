import { z } from "zod";
import { organizationOutSchema, toOrganization } from "../types/normalized.js";
import { defineAirbyteTool } from "./define.js";

export const listOrganizations = defineAirbyteTool({
  name: "airbyte_list_organizations",
  title: "List Airbyte organizations",
  description: "List the Airbyte organizations the application's user belongs to: id, name and billing email.",
  toolset: "workspaces",
  input: z.object({}),
  output: z.object({ organizations: z.array(organizationOutSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(_input, { api, signal }) {
    return { organizations: (await api.listOrganizations(signal)).data.map(toOrganization) };
  },
});
