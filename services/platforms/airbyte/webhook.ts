/**
 * Airbyte sync notifications. Airbyte signs nothing, so two things stand in for a signature:
 *
 *   1. the URL registered in the workspace's notification settings carries a random token
 *      (`…/webhook/airbyte/events?token=<AIRBYTE_WEBHOOK_TOKEN>`), compared in constant time
 *      before the body is read;
 *   2. the body is only a claim. Its job is confirmed with `GET /jobs/{jobId}` before anything is
 *      stored: the job must exist, belong to the claimed connection and have finished the way the
 *      notification says. What is remembered is built from the API's answer, never from the body
 *      (its names, counts and error text are not read).
 *
 * Dedupe key: the job id and the claimed outcome (Airbyte may notify once per outcome). Bodies
 * without a job (schema-change and sync-disabled notifications, the settings page's test message)
 * are acknowledged and not stored.
 */
import type { MemoryRecord, RawWebhookRequest, ToolContext, WebhookDefinition, WebhookEvent } from "../../runtime/contract.js";
import { UpstreamError } from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import { sharedToken } from "../../runtime/webhooks/verifiers.js";
import type { AirbyteApi } from "./api/index.js";
import { jobToMemory } from "./memory.js";
import { type ClaimedJob, type SyncNotificationType, claimedJobSchema, syncNotificationSchema } from "./types/events.js";
import { toJob } from "./types/normalized.js";

/** The query parameter of the registered notification URL that carries AIRBYTE_WEBHOOK_TOKEN. */
export const TOKEN_PARAMETER = "token";

export function parseNotification(request: RawWebhookRequest): WebhookEvent[] {
  // jsonBody throws on a body that is not JSON: the intake answers 400
  const notification = syncNotificationSchema.safeParse(jsonBody(request));
  if (!notification.success) return [];
  const { jobId, success, connection } = notification.data.data;
  const type: SyncNotificationType = success ? "sync_succeeded" : "sync_failed";
  const claim: ClaimedJob = { jobId, success, ...(connection?.id ? { connectionId: connection.id } : {}) };
  return [{ dedupeKey: `${jobId}:${success ? "succeeded" : "failed"}`, type, subscription: type, payload: claim }];
}

/** What the API must say for the claim to hold. A failed sync ends "failed"; a cancelled one sends no notification. */
function outcomeMatches(claim: ClaimedJob, status: string): boolean {
  return claim.success ? status === "succeeded" : status === "failed";
}

export async function notificationToMemory(event: WebhookEvent, { api, signal, log }: ToolContext<AirbyteApi>): Promise<MemoryRecord[]> {
  const claim = claimedJobSchema.parse(event.payload);
  let raw;
  try {
    raw = await api.getJob(claim.jobId, signal);
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 404) {
      log.warn({ jobId: claim.jobId }, "Airbyte notification names a job the API does not know: not stored");
      return [];
    }
    throw error;
  }
  const job = toJob(raw);
  if (claim.connectionId !== undefined && claim.connectionId !== job.connectionId) {
    log.warn({ jobId: job.jobId }, "Airbyte notification names another connection than the job's: not stored");
    return [];
  }
  if (!job.finished) {
    // notifications are sent when a job ends; a job still running is retried by Airbyte (the jobs sync records how it ends)
    log.info({ jobId: job.jobId, status: job.status }, "Airbyte notification for a job that has not finished: not stored, the jobs sync records it");
    return [];
  }
  if (!outcomeMatches(claim, job.status)) {
    log.warn({ jobId: job.jobId, status: job.status, claimed: event.type }, "Airbyte notification does not match the job's status: not stored");
    return [];
  }
  const subjects = await api.jobSubjects(job.connectionId, signal);
  return [jobToMemory(job, subjects, api.webAppUrl)];
}

export const webhook: WebhookDefinition<AirbyteApi> = {
  verifier: (credentials) => sharedToken({ token: credentials.AIRBYTE_WEBHOOK_TOKEN ?? "", from: { query: TOKEN_PARAMETER } }),
  parse: parseNotification,
  toMemory: notificationToMemory,
};
