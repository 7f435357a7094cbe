import { z } from "zod";
import { configSummaryOutput, toConfigSummary } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";

export const listConfigs = definePortkeyTool({
  name: "portkey_list_configs",
  title: "List Portkey gateway configs",
  description:
    "Lists the Portkey configs (routing, fallbacks, load balancing, retries, caching) in the workspace: slug, name, " +
    "status and when each was last changed. Read one with portkey_get_config; filter analytics by its slug. Read-only.",
  toolset: "configs",
  input: z.object({ status: z.string().min(1).optional().describe("e.g. active or archived") }),
  output: z.object({ configs: z.array(configSummaryOutput) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const configs = (await api.listConfigs(signal)).data.map(toConfigSummary).filter((config) => input.status === undefined || config.status === input.status);
    return { configs };
  },
});
