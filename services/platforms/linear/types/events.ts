/** Linear webhook bodies, parsed only after the signature check passed. */
import { z } from "zod";

/**
 * A data-change webhook body (Issue, Comment, Project, ...). `data` is the entity as Linear's
 * webhook schema serializes it (ids for relations, plus a few embedded objects); `updatedFrom`
 * holds the previous values of changed fields on updates.
 */
export const webhookBodySchema = z.object({
  action: z.string().min(1),
  type: z.string().min(1),
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()),
  url: z.string().optional(),
  updatedFrom: z.record(z.string(), z.unknown()).optional(),
  organizationId: z.string().optional(),
  webhookTimestamp: z.number(),
  webhookId: z.string().optional(),
  actor: z
    .object({ id: z.string().optional(), name: z.string().optional(), email: z.string().optional(), type: z.string().optional() })
    .optional(),
});
export type RawWebhookBody = z.infer<typeof webhookBodySchema>;
