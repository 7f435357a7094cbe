/**
 * Figma webhooks v2 bodies (WebhookBasePayload and the per-event payloads of figma/rest-api-spec),
 * parsed only after the passcode check passed. Every body carries `passcode`, `timestamp` and
 * `webhook_id`; `event_type` says which of the shapes below it is.
 */
import { z } from "zod";
import { devResourceSchema, userSchema } from "./raw.js";

const base = {
  passcode: z.string(),
  /** UTC ISO 8601: when the event was triggered */
  timestamp: z.string().min(1),
  webhook_id: z.coerce.string().min(1),
};
const fileFields = { file_key: z.string().min(1), file_name: z.string() };
const libraryItemSchema = z.object({ key: z.string(), name: z.string() });
const items = z.array(libraryItemSchema).optional().default([]);

export const pingEventSchema = z.object({ ...base, event_type: z.literal("PING") });
export const fileUpdateEventSchema = z.object({ ...base, ...fileFields, event_type: z.literal("FILE_UPDATE") });
export const fileDeleteEventSchema = z.object({ ...base, ...fileFields, event_type: z.literal("FILE_DELETE"), triggered_by: userSchema.optional() });
export const fileVersionUpdateEventSchema = z.object({
  ...base,
  ...fileFields,
  event_type: z.literal("FILE_VERSION_UPDATE"),
  created_at: z.string().optional(),
  description: z.string().optional(),
  label: z.string().optional(),
  triggered_by: userSchema.optional(),
  version_id: z.coerce.string().min(1),
});
export const libraryPublishEventSchema = z.object({
  ...base,
  ...fileFields,
  event_type: z.literal("LIBRARY_PUBLISH"),
  created_components: items,
  created_styles: items,
  created_variables: items,
  modified_components: items,
  modified_styles: items,
  modified_variables: items,
  deleted_components: items,
  deleted_styles: items,
  deleted_variables: items,
  description: z.string().optional(),
  triggered_by: userSchema.optional(),
});
/** one of `text` or `mention` (a user id) is set in each fragment */
export const commentFragmentSchema = z.object({ text: z.string().optional(), mention: z.string().optional() });
export const fileCommentEventSchema = z.object({
  ...base,
  ...fileFields,
  event_type: z.literal("FILE_COMMENT"),
  comment: z.array(commentFragmentSchema),
  comment_id: z.coerce.string().min(1),
  created_at: z.string().optional(),
  mentions: z.array(userSchema).optional().default([]),
  triggered_by: userSchema.optional(),
});
export const devModeStatusUpdateEventSchema = z.object({
  ...base,
  ...fileFields,
  event_type: z.literal("DEV_MODE_STATUS_UPDATE"),
  node_id: z.string().min(1),
  related_links: z.array(devResourceSchema).optional().default([]),
  status: z.string(),
  triggered_by: userSchema.optional(),
});

export const webhookBodySchema = z.discriminatedUnion("event_type", [
  pingEventSchema,
  fileUpdateEventSchema,
  fileDeleteEventSchema,
  fileVersionUpdateEventSchema,
  libraryPublishEventSchema,
  fileCommentEventSchema,
  devModeStatusUpdateEventSchema,
]);
export type FigmaWebhookBody = z.infer<typeof webhookBodySchema>;
export type FigmaFileEvent = Exclude<FigmaWebhookBody, { event_type: "PING" }>;
