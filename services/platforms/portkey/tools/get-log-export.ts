import { z } from "zod";
import { LOG_EXPORT_STATUSES } from "../types/raw.js";
import { BODY_LIMIT_CHARS, exportedLogOutput, toExportedLog } from "../types/normalized.js";
import { definePortkeyTool } from "./define.js";

export const getLogExport = definePortkeyTool({
  name: "portkey_get_log_export",
  title: "Read a Portkey log export",
  description:
    "The state of a log export started with portkey_export_logs (draft, in_progress, success, failed, stopped) and, once it " +
    "succeeded, its first maxRows logs: time, provider, model, status, latency, tokens, cost in USD, trace id, config, " +
    `prompt and metadata, with the request and response bodies as JSON cut to ${BODY_LIMIT_CHARS} characters and every ` +
    "credential-like field redacted. The file is downloaded from Portkey's signed URL, which is never shown. Read-only.",
  toolset: "logs",
  input: z.object({
    exportId: z.string().min(1),
    maxRows: z.number().int().min(1).max(100).default(20).describe("logs to return at most"),
  }),
  output: z.object({
    exportId: z.string(),
    status: z.enum(LOG_EXPORT_STATUSES),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    logs: z.array(exportedLogOutput).describe("empty until the export succeeded"),
    more: z.boolean().describe("true when the export holds more logs than returned"),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ exportId, maxRows }, { api, signal }) {
    const raw = await api.getLogExport(exportId, signal);
    const base = {
      exportId: raw.id,
      status: raw.status,
      ...(raw.created_at !== undefined && { createdAt: raw.created_at }),
      ...(raw.last_updated_at !== undefined && { updatedAt: raw.last_updated_at }),
    };
    if (raw.status !== "success") return { ...base, logs: [], more: false };
    const { rows, more } = await api.readLogExport(raw.id, maxRows, signal);
    return { ...base, logs: rows.map(toExportedLog), more };
  },
});
