/**
 * Vercel webhooks: `x-vercel-signature` is the hex HMAC-SHA1 of the raw body with the webhook's
 * secret (an integration's webhooks: its client secret). There is no signed timestamp header, so
 * replays are stopped twice: deliveries are deduplicated by the body's `id` (the inbox remembers
 * keys for 72 h), and the body's `createdAt`, read only after the signature holds, must be within
 * REPLAY_WINDOW_SECONDS of now, which is longer than Vercel's retries (about 24 h) and shorter than
 * the inbox's memory of keys, so a captured delivery cannot come back once its key is forgotten.
 *
 * Memories are keyed by event type and deployment (see memoryKeyOf), so a redelivery that Vercel
 * gave a new id still makes one memory.
 *
 * Deployment events are enriched with one API call (the deployment as it is now: state, creator,
 * Git commit, error), and a failed deployment with its last build errors, so the memory says what
 * happened without a second look. Other event types are acknowledged and not stored.
 */
import {
  type MemoryRecord,
  type RawWebhookRequest,
  type ToolContext,
  UpstreamError,
  type WebhookDefinition,
  type WebhookEvent,
} from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import { vercelSignature } from "../../runtime/webhooks/verifiers.js";
import type { VercelApi } from "./api/index.js";
import { deploymentToMemory } from "./memory.js";
import { type BuildEvent, type Deployment, fromDeployment, gitOf, isProblem, toBuildEvent } from "./types/normalized.js";
import { type DeploymentPayload, type RawWebhookBody, deploymentPayloadSchema, webhookBodySchema } from "./types/events.js";

/** 48 h: Vercel retries failed deliveries for up to 24 h; the inbox keeps dedupe keys for 72 h. */
export const REPLAY_WINDOW_SECONDS = 48 * 3600;

/** Build output read for a failed deployment's memory: the newest events, errors kept. */
export const FAILURE_EVENTS_READ = 100;

/** Verified body -> one inbox event keyed by the body's id. Throws (a 400) on a body that is not Vercel's shape. */
export function parseDelivery(request: RawWebhookRequest): WebhookEvent[] {
  const body = jsonBody(request, webhookBodySchema);
  return [{ dedupeKey: body.id, type: body.type, subscription: body.type, payload: body }];
}

/** The state a deployment is in when an event of this type fires, for memories written without the API. */
const STATE_OF_EVENT: Readonly<Record<string, string>> = {
  "deployment.created": "BUILDING",
  "deployment.succeeded": "READY",
  "deployment.ready": "READY",
  "deployment.promoted": "READY",
  "deployment.error": "ERROR",
  "deployment.canceled": "CANCELED",
};

function headline(type: string, deployment: Deployment): string {
  const what = `${deployment.target} deployment of ${deployment.project}`;
  switch (type) {
    case "deployment.created":
      return `${deployment.creator ?? "Someone"} started a ${what}.`;
    case "deployment.succeeded":
    case "deployment.ready":
      return `The ${what} succeeded.`;
    case "deployment.error":
      return `The ${what} failed.`;
    case "deployment.canceled":
      return `The ${what} was canceled.`;
    case "deployment.promoted":
      return `A deployment of ${deployment.project} was promoted to production.`;
    default:
      return `Vercel event ${type} for the ${what}.`;
  }
}

/** The deployment as the event describes it, when Vercel no longer has it. */
function fromPayload(body: RawWebhookBody, payload: DeploymentPayload): Deployment {
  const git = gitOf(payload.deployment.meta);
  const url = payload.deployment.url;
  return {
    id: payload.deployment.id,
    project: payload.deployment.name ?? "an unnamed project",
    ...(payload.project?.id ? { projectId: payload.project.id } : {}),
    url: url === undefined ? (payload.links?.deployment ?? "") : /^https?:\/\//.test(url) ? url : `https://${url}`,
    state: STATE_OF_EVENT[body.type] ?? "UNKNOWN",
    target: payload.target ?? "preview",
    createdAt: new Date(body.createdAt).toISOString(),
    ...(git ? { git } : {}),
  };
}

/**
 * The memory's key. Vercel's docs call the body's `id` "the ID of the webhook delivery", so a
 * redelivery might carry a new one and pass the inbox's dedupe; a deployment is created, succeeds,
 * fails or is canceled once, so those events are keyed by type and deployment and a second
 * delivery of the same event changes nothing in memory. A deployment can be promoted more than
 * once (promote, roll back, promote again): those keep the delivery id.
 */
export function memoryKeyOf(body: RawWebhookBody, payload: DeploymentPayload, dedupeKey: string): string {
  return body.type === "deployment.promoted" ? `vercel:event:${dedupeKey}` : `vercel:event:${body.type}:${payload.deployment.id}`;
}

const notThere = (error: unknown) => error instanceof UpstreamError && (error.status === 404 || error.status === 403);

async function buildErrors(deployment: Deployment, { api, signal }: ToolContext<VercelApi>): Promise<BuildEvent[]> {
  try {
    const events = await api.getDeploymentEvents(deployment.id, { direction: "backward", limit: FAILURE_EVENTS_READ }, signal);
    // backward: newest first; the memory lists them in the order they were printed
    return events.map(toBuildEvent).filter(isProblem).reverse();
  } catch (error) {
    // logs expired or not readable with this token: the memory is still worth writing
    if (error instanceof UpstreamError && !error.retryable) return [];
    throw error;
  }
}

export async function eventToMemory(event: WebhookEvent, ctx: ToolContext<VercelApi>): Promise<MemoryRecord[]> {
  const body = webhookBodySchema.parse(event.payload);
  if (!body.type.startsWith("deployment.")) return [];
  const payload = deploymentPayloadSchema.parse(body.payload);
  let deployment: Deployment;
  try {
    deployment = fromDeployment(await ctx.api.getDeployment(payload.deployment.id, ctx.signal));
  } catch (error) {
    // deleted since the event (or outside the token's scope): write what the event says
    if (!notThere(error)) throw error;
    deployment = fromPayload(body, payload);
  }
  const problems = deployment.state === "ERROR" ? await buildErrors(deployment, ctx) : [];
  return [
    deploymentToMemory(deployment, {
      key: memoryKeyOf(body, payload, event.dedupeKey),
      headline: headline(body.type, deployment),
      timestamp: new Date(body.createdAt).toISOString(),
      problems,
      ...(payload.links?.deployment ? { dashboardUrl: payload.links.deployment } : {}),
    }),
  ];
}

export const webhook: WebhookDefinition<VercelApi> = {
  verifier: (credentials, { clock }) => vercelSignature(credentials.VERCEL_WEBHOOK_SECRET ?? "", { toleranceSeconds: REPLAY_WINDOW_SECONDS, clock }),
  parse: parseDelivery,
  toMemory: eventToMemory,
};
