import { z } from "zod";
import { activityByDayAndModel, activityRowSchema, roundUsd } from "../types/normalized.js";
import { defineOpenrouterTool } from "./define.js";

export const getActivity = defineOpenrouterTool({
  name: "openrouter_get_activity",
  title: "Get OpenRouter spend by day and model",
  description:
    "Spend, requests and tokens per UTC day and model over the last 30 completed days (today is never included), " +
    "or for one `date` among them, optionally for one model, newest day first and the costliest model first " +
    "within a day. Needs a management key (OpenRouter answers 401/403 to a regular key). Free of charge.",
  toolset: "spend",
  input: z.object({
    date: z.iso.date().optional().describe("one UTC day, YYYY-MM-DD, within the last 30 completed days"),
    model: z.string().min(1).optional().describe("only this model id"),
  }),
  output: z.object({ totalSpendUsd: z.number(), totalRequests: z.number(), rows: z.array(activityRowSchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(input, { api, signal }) {
    const items = await api.activity(input.date, signal);
    const rows = activityByDayAndModel(items).filter((row) => input.model === undefined || row.model === input.model);
    return {
      totalSpendUsd: roundUsd(rows.reduce((sum, row) => sum + row.spendUsd, 0)),
      totalRequests: rows.reduce((sum, row) => sum + row.requests, 0),
      rows,
    };
  },
});
