/**
 * Asana webhook bodies (developers.asana.com/docs/webhooks-guide, the EventResponse schema): a
 * batch `{ events: [...] }`, each event compact: who (`user`), what (`resource` with its type and
 * subtype), the `action` (changed, added, removed, deleted, undeleted), where (`parent`) and for
 * `changed` the field (`change`). An empty batch is a heartbeat.
 */
import { z } from "zod";

const compact = z.object({ gid: z.string(), resource_type: z.string().optional(), resource_subtype: z.string().nullable().optional(), name: z.string().nullable().optional() });

export const webhookEventSchema = z.object({
  user: compact.nullable().optional(),
  created_at: z.string(),
  action: z.string(),
  resource: compact.extend({ resource_type: z.string() }),
  parent: compact.nullable().optional(),
  change: z
    .object({
      field: z.string(),
      action: z.string(),
      new_value: z.unknown().optional(),
      added_value: z.unknown().optional(),
      removed_value: z.unknown().optional(),
    })
    .nullable()
    .optional(),
});
export type RawWebhookEvent = z.infer<typeof webhookEventSchema>;

export const webhookBodySchema = z.object({ events: z.array(webhookEventSchema) });
