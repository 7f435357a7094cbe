/**
 * The body Gong's automation rules post to a webhook: `{ callData, isTest }`, callData having the
 * same shape as one call of /v2/calls/extensive (metaData, parties, content, context as the rule
 * selected). Parsed only after the JWT verified.
 */
import { z } from "zod";
import { rawCallData } from "./raw.js";

export const gongWebhookBody = z.object({
  callData: rawCallData,
  isTest: z.boolean().optional().default(false),
});
export type GongWebhookBody = z.infer<typeof gongWebhookBody>;
