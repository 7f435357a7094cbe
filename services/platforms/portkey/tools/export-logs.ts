import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";
import { definePortkeyTool } from "./define.js";

const DEFAULT_WINDOW_DAYS = 1;

export const exportLogs = definePortkeyTool({
  name: "portkey_export_logs",
  title: "Search Portkey request logs (start a log export)",
  description:
    "Searches the requests logged by the Portkey gateway by starting a log export (Portkey's Log Exports API, in beta and " +
    "on Enterprise plans only): a time window and optionally a model, status codes, a trace id and metadata key/values, up to " +
    "maxLogs logs. Portkey builds the export in the background; pass the returned exportId to portkey_get_log_export to " +
    "read the logs (bodies cut and credentials redacted). Creates an export job in the Portkey workspace; changes no " +
    "gateway data and costs nothing.",
  toolset: "logs",
  input: z.object({
    from: z.iso.datetime({ offset: true }).optional().describe("window start; default 1 day before `to`"),
    to: z.iso.datetime({ offset: true }).optional().describe("window end; default now"),
    model: z.string().min(1).optional().describe("only this model, e.g. gpt-4o"),
    statusCodes: z.array(z.number().int().min(100).max(599)).max(20).optional().describe("only responses with these HTTP statuses, e.g. [429, 500]"),
    traceId: z.string().min(1).optional().describe("only the requests of this trace (x-portkey-trace-id)"),
    metadata: z.record(z.string(), z.string()).optional().describe("only requests carrying these metadata key/values"),
    maxLogs: z.number().int().min(1).max(1000).default(100).describe("logs in the export at most"),
  }),
  output: z.object({
    exportId: z.string().describe("for portkey_get_log_export"),
    matchingLogs: z.number().optional().describe("logs the export holds, as Portkey counted them when it was created"),
    status: z.literal("in_progress"),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, clock, signal }) {
    const to = input.to ?? clock.now().toISOString();
    const from = input.from ?? new Date(Date.parse(to) - DEFAULT_WINDOW_DAYS * 86_400_000).toISOString();
    if (Date.parse(from) >= Date.parse(to)) throw new UpstreamError("portkey", 400, false, "Portkey log export: `from` must be before `to`");
    const started = await api.startLogExport(
      {
        from,
        to,
        maxLogs: input.maxLogs,
        ...(input.model !== undefined && { model: input.model }),
        ...(input.statusCodes !== undefined && { statusCodes: input.statusCodes }),
        ...(input.traceId !== undefined && { traceId: input.traceId }),
        ...(input.metadata !== undefined && { metadata: input.metadata }),
      },
      signal,
    );
    return { exportId: started.id, ...(started.total !== undefined && { matchingLogs: started.total }), status: "in_progress" as const };
  },
});
