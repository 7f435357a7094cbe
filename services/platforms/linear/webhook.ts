/**
 * Linear webhooks: `Linear-Signature` is the hex HMAC-SHA256 of the raw body with the webhook's
 * signing secret; the body's `webhookTimestamp` (ms) must be within 60 s of now, and is read only
 * after the signature holds. Deliveries are deduplicated by the `Linear-Delivery` header.
 *
 * Issue events are enriched with one API call (the current issue with state, team, assignee and
 * labels by name), so the memory reads like the issue does now; comment and project events are
 * written from the payload.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  type MemoryRecord,
  type RawWebhookRequest,
  type ToolContext,
  UpstreamError,
  type WebhookDefinition,
  type WebhookEvent,
} from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import { linearSignature } from "../../runtime/webhooks/verifiers.js";
import type { LinearApi } from "./api/index.js";
import { commentToMemory, issueToMemory, projectToMemory } from "./memory.js";
import { type RawWebhookBody, webhookBodySchema } from "./types/events.js";

/** Verified body -> one inbox event. Throws (a 400) on a body that is not Linear's shape. */
export function parseDelivery(request: RawWebhookRequest): WebhookEvent[] {
  const body = jsonBody(request, webhookBodySchema);
  // Linear always sends Linear-Delivery; the body hash is a stand-in that still collapses exact resends
  const delivery = request.headers["linear-delivery"] ?? `sha256:${createHash("sha256").update(request.rawBody).digest("hex")}`;
  return [{ dedupeKey: delivery, type: `${body.type}.${body.action}`, subscription: body.type, payload: body }];
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  stateId: "state",
  assigneeId: "assignee",
  priority: "priority",
  title: "title",
  description: "description",
  labelIds: "labels",
  projectId: "project",
  cycleId: "cycle",
  dueDate: "due date",
  estimate: "estimate",
  parentId: "parent",
  teamId: "team",
  archivedAt: "archived",
};

function issueHeadline(body: RawWebhookBody, identifier: string, state: string | undefined): string {
  const actor = body.actor?.name;
  switch (body.action) {
    case "create":
      return `${actor ?? "Someone"} created ${identifier}.`;
    case "remove":
      return `${identifier} was deleted.`;
    default: {
      const changed = Object.keys(body.updatedFrom ?? {})
        .map((field) => FIELD_NAMES[field])
        .filter((name): name is string => name !== undefined);
      // the new state's name is known only after fetching the issue
      const moved = changed.includes("state") && state ? ` ${identifier} moved to ${state}.` : "";
      return `${actor ? `${actor} updated` : "Updated"} ${identifier}${changed.length > 0 ? ` (${[...new Set(changed)].join(", ")})` : ""}.${moved}`;
    }
  }
}

const issueDataSchema = z.object({ id: z.string(), identifier: z.string().optional(), title: z.string().optional() });
const commentDataSchema = z.object({
  id: z.string(),
  body: z.string().default(""),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  url: z.string().optional(),
  issueId: z.string().optional(),
  issue: z.object({ id: z.string().optional(), identifier: z.string().optional(), title: z.string().optional() }).optional(),
  user: z.object({ name: z.string().optional() }).optional(),
});
const projectDataSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  url: z.string().optional(),
  targetDate: z.string().nullable().optional(),
  updatedAt: z.string().optional(),
  status: z.object({ name: z.string() }).nullable().optional(),
  state: z.string().optional(),
  lead: z.object({ name: z.string() }).nullable().optional(),
});

async function issueMemory(body: RawWebhookBody, key: string, { api, signal }: ToolContext<LinearApi>): Promise<MemoryRecord[]> {
  const data = issueDataSchema.parse(body.data);
  if (body.action !== "remove") {
    try {
      const issue = await api.getIssue(data.id, 0, signal);
      return [issueToMemory(issue, { key, headline: issueHeadline(body, issue.identifier, issue.state.name), timestamp: body.createdAt })];
    } catch (error) {
      // deleted since the event: fall through to a memory from the payload
      if (!(error instanceof UpstreamError) || (error.status !== 404 && error.status !== 400)) throw error;
    }
  }
  const identifier = data.identifier ?? data.id;
  return [
    {
      key,
      source: "linear",
      type: "issue",
      timestamp: body.createdAt,
      title: `${identifier}${data.title ? `: ${data.title}` : ""}`,
      content: `${issueHeadline(body, identifier, undefined)} Linear issue ${identifier}${data.title ? ` "${data.title}"` : ""}.`,
      record: { action: body.action, ...data },
      ...(body.url ? { url: body.url } : {}),
    },
  ];
}

export async function eventToMemory(event: WebhookEvent, ctx: ToolContext<LinearApi>): Promise<MemoryRecord[]> {
  const body = webhookBodySchema.parse(event.payload);
  const key = `linear:event:${event.dedupeKey}`;
  switch (body.type) {
    case "Issue":
      return issueMemory(body, key, ctx);
    case "Comment": {
      const data = commentDataSchema.parse(body.data);
      return [
        commentToMemory(
          {
            id: data.id,
            body: data.body,
            createdAt: body.action === "create" ? (data.createdAt ?? body.createdAt) : body.createdAt,
            author: data.user?.name ?? body.actor?.name,
            issueIdentifier: data.issue?.identifier,
            issueTitle: data.issue?.title,
            url: data.url ?? body.url,
          },
          key,
          body.action,
        ),
      ];
    }
    case "Project": {
      const data = projectDataSchema.parse(body.data);
      const verb = body.action === "create" ? "created" : body.action === "remove" ? "deleted" : "updated";
      return [
        projectToMemory(
          {
            id: data.id,
            name: data.name,
            description: data.description ?? undefined,
            status: data.status?.name ?? data.state,
            targetDate: data.targetDate ?? undefined,
            lead: data.lead?.name,
            url: data.url ?? body.url,
            updatedAt: body.createdAt,
          },
          key,
          `${body.actor?.name ?? "Someone"} ${verb} Linear project "${data.name}".`,
        ),
      ];
    }
    default:
      // subscribed to more than we remember (labels, reactions...): acknowledged, nothing stored
      return [];
  }
}

export const webhook: WebhookDefinition<LinearApi> = {
  verifier: (credentials, { clock }) => linearSignature(credentials.LINEAR_WEBHOOK_SECRET ?? "", clock),
  parse: parseDelivery,
  toMemory: eventToMemory,
};
