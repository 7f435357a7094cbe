import { z } from "zod";
import { definePortkeyTool } from "./define.js";

export const createFeedback = definePortkeyTool({
  name: "portkey_create_feedback",
  title: "Record feedback on a Portkey trace",
  description:
    "Attaches a feedback score (-10 to 10, optional weight 0-1 and metadata) to the requests of a Portkey trace id, " +
    "where it shows in Portkey's feedback analytics. Each call adds another feedback entry (not repeatable without " +
    "counting twice); it notifies no one and spends nothing.",
  toolset: "feedback",
  input: z.object({
    traceId: z.string().min(1).describe("the x-portkey-trace-id of the requests"),
    value: z.number().int().min(-10).max(10),
    weight: z.number().min(0).max(1).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
  }),
  output: z.object({ status: z.string(), feedbackIds: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, { api, signal }) {
    const result = await api.createFeedback(
      {
        trace_id: input.traceId,
        value: input.value,
        ...(input.weight !== undefined && { weight: input.weight }),
        ...(input.metadata !== undefined && { metadata: input.metadata }),
      },
      signal,
    );
    return { status: result.status, feedbackIds: result.feedback_ids ?? [] };
  },
});
