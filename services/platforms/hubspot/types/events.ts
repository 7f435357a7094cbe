/** HubSpot webhook v3 delivery bodies, parsed only after the signature check passed. */
import { z } from "zod";

/**
 * One item of a webhook v3 delivery (the body is a JSON array of these). Property-change events
 * carry propertyName/propertyValue; association changes carry from/to ids; merges carry
 * primaryObjectId and mergedObjectIds.
 */
export const webhookEventSchema = z.object({
  eventId: z.number().int(),
  subscriptionId: z.number().int(),
  portalId: z.number().int(),
  appId: z.number().int().optional(),
  occurredAt: z.number().int(),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().int().optional(),
  objectId: z.number().int().optional(),
  changeSource: z.string().optional(),
  changeFlag: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  fromObjectId: z.number().int().optional(),
  toObjectId: z.number().int().optional(),
  associationType: z.string().optional(),
  associationRemoved: z.boolean().optional(),
  primaryObjectId: z.number().int().optional(),
  mergedObjectIds: z.array(z.number().int()).optional(),
});
export type RawWebhookEvent = z.infer<typeof webhookEventSchema>;

export const webhookBodySchema = z.array(webhookEventSchema).min(1);
