import { z } from "zod";
import { logOutput, toLog } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";

export const getLog = definePortkeyTool({
  name: "portkey_get_log",
  title: "Get one Portkey request log",
  description:
    "Fetches one request logged by the Portkey gateway by its log id: provider, model, status, latency, tokens, " +
    "cost, cache status, trace id, config and prompt used, and the request and response bodies as JSON cut to 4,000 " +
    "characters with every credential-like field redacted (bodies exist only when debug logging is on). Read-only.",
  toolset: "logs",
  input: z.object({ logId: z.string().min(1).describe("the log id (x-portkey-trace-id is not a log id)") }),
  output: z.object({ log: logOutput }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    return { log: toLog(await api.getLog(input.logId, signal)) };
  },
});
