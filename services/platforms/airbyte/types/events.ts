/**
 * Airbyte's notification webhook bodies (workspace notification settings: "Successful syncs",
 * "Failed syncs"). The body is Slack-compatible (`text`, `blocks`) plus a structured `data`
 * object, the sync summary Airbyte builds for the notification:
 *
 *   {"data": {"workspace": {"id", "name", "url"}, "connection": {...}, "source": {...},
 *    "destination": {...}, "jobId": 9988, "success": false, "startedAt", "finishedAt",
 *    "bytesEmitted", "recordsCommitted", ..., "errorMessage": "..."}}
 *
 * The notifications are unsigned: everything here is a claim. Only `jobId`, `success` and the
 * connection id are read, to find the job; what is remembered comes from GET /jobs/{jobId}.
 * Other notification types (schema changes, sync-disabled warnings, the settings page's test
 * message) carry no job and are acknowledged without being stored.
 */
import { z } from "zod";

const referenceSchema = z.object({ id: z.string().optional(), name: z.string().optional() });

export const syncNotificationSchema = z.object({
  data: z.object({
    jobId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]),
    success: z.boolean(),
    connection: referenceSchema.optional(),
    workspace: referenceSchema.optional(),
  }),
});

/** What the inbox stores for one sync notification: the claim, to be confirmed with the API. */
export const claimedJobSchema = z.object({
  jobId: z.number().int().nonnegative(),
  success: z.boolean(),
  connectionId: z.string().optional(),
});
export type ClaimedJob = z.infer<typeof claimedJobSchema>;

/** The notification types this server turns into events, in the integration's event_subscriptions vocabulary. */
export type SyncNotificationType = "sync_succeeded" | "sync_failed";
