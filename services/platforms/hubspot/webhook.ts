/**
 * HubSpot webhooks (v3 signatures). A delivery is a JSON array of events that carry only ids and,
 * for property changes, the one changed value; so turning an event into a memory fetches the record
 * (and its pipeline's stage labels) to say what the event was about.
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
import { hubspotV3Signature } from "../../runtime/webhooks/verifiers.js";
import type { HubspotApi } from "./api/index.js";
import { type Lookups, displayName, recordToMemory, recordUrl } from "./memory.js";
import { toCrmRecord } from "./types/normalized.js";
import { type CrmObjectType, OBJECT_TYPES, WEBHOOK_OBJECT_PREFIXES } from "./types/objects.js";
import { type RawWebhookEvent, webhookBodySchema, webhookEventSchema } from "./types/events.js";

/**
 * HubSpot's eventId identifies the event across retries of the same delivery; scoping it by portal
 * and subscription keeps two apps' or two subscriptions' numbering apart.
 */
export function dedupeKeyOf(event: RawWebhookEvent): string {
  return `${event.portalId}:${event.subscriptionId}:${event.eventId}`;
}

/** Verified body -> one inbox event per array item. Throws (a 400) on a body that is not HubSpot's shape. */
export function parseDelivery(request: RawWebhookRequest): WebhookEvent[] {
  const body = jsonBody(request, webhookBodySchema);
  return body.map((event) => ({ dedupeKey: dedupeKeyOf(event), type: event.subscriptionType, subscription: event.subscriptionType, payload: event }));
}

interface EventSubject {
  readonly objectType: CrmObjectType;
  /** "creation", "propertyChange", "deletion", "associationChange", "merge", "restore", ... */
  readonly action: string;
}

function subjectOf(subscriptionType: string): EventSubject | undefined {
  const [prefix = "", action = ""] = subscriptionType.split(".");
  const objectType = WEBHOOK_OBJECT_PREFIXES[prefix];
  return objectType ? { objectType, action } : undefined;
}

function headlineFor(event: RawWebhookEvent, subject: EventSubject, lookups: Lookups): string {
  const noun = OBJECT_TYPES[subject.objectType].noun;
  switch (subject.action) {
    case "creation":
      return `New HubSpot ${noun} created.`;
    case "restore":
      return `HubSpot ${noun} restored.`;
    case "propertyChange": {
      const value = event.propertyValue ?? "";
      const shown = lookups.stageLabels?.get(value) ?? value;
      return shown === "" ? `${event.propertyName ?? "A property"} was cleared.` : `${event.propertyName ?? "A property"} changed to "${shown}".`;
    }
    default:
      return `HubSpot ${noun} event ${subject.action}.`;
  }
}

/** A memory from the event alone, when there is no record to fetch (deleted, merged, links). */
function eventOnlyMemory(event: RawWebhookEvent, subject: EventSubject, key: string): MemoryRecord {
  const noun = OBJECT_TYPES[subject.objectType].noun;
  const id = String(event.objectId ?? event.primaryObjectId ?? event.fromObjectId ?? "");
  let content: string;
  switch (subject.action) {
    case "deletion":
    case "privacyDeletion":
      content = `HubSpot ${noun} ${id} was deleted${subject.action === "privacyDeletion" ? " for a privacy request" : ""}.`;
      break;
    case "merge":
      content = `HubSpot ${noun}s ${(event.mergedObjectIds ?? []).join(", ")} were merged into ${noun} ${event.primaryObjectId ?? id}.`;
      break;
    case "associationChange": {
      const link = (event.associationType ?? "association").toLowerCase().replace(/_/g, " ");
      content = `HubSpot ${noun} ${event.fromObjectId ?? id} ${event.associationRemoved ? "lost" : "gained"} a ${link} link with record ${event.toObjectId ?? "?"}.`;
      break;
    }
    default:
      content = `HubSpot ${noun} ${id}: ${event.subscriptionType}${event.propertyName ? ` (${event.propertyName} = "${event.propertyValue ?? ""}")` : ""}.`;
  }
  const url = id ? recordUrl(subject.objectType, id, event.portalId) : undefined;
  return {
    key,
    source: "hubspot",
    type: `${noun}_event`,
    timestamp: new Date(event.occurredAt).toISOString(),
    title: `HubSpot ${noun} ${id} ${subject.action}`,
    content,
    record: { event: event.subscriptionType, objectType: subject.objectType, ...event },
    ...(url ? { url } : {}),
  };
}

const RECORD_ACTIONS = new Set(["creation", "propertyChange", "restore"]);

export async function eventToMemory(event: WebhookEvent, { api, signal }: ToolContext<HubspotApi>): Promise<MemoryRecord[]> {
  const payload = webhookEventSchema.parse(event.payload);
  const key = `hubspot:event:${event.dedupeKey}`;
  const subject = subjectOf(payload.subscriptionType);
  if (subject === undefined) return [];
  if (!RECORD_ACTIONS.has(subject.action) || payload.objectId === undefined) return [eventOnlyMemory(payload, subject, key)];

  let raw;
  try {
    raw = await api.getObject(
      subject.objectType,
      String(payload.objectId),
      { properties: OBJECT_TYPES[subject.objectType].defaultProperties },
      signal,
    );
  } catch (error) {
    // deleted (or merged away) between the event and now: the event itself is still worth keeping
    if (error instanceof UpstreamError && error.status === 404) return [eventOnlyMemory(payload, subject, key)];
    throw error;
  }
  const record = toCrmRecord(subject.objectType, raw);
  const lookups: Lookups =
    subject.objectType === "deals" || subject.objectType === "tickets"
      ? { stageLabels: await api.stageLabels(subject.objectType, signal) }
      : {};
  const memory = recordToMemory(record, lookups, {
    key,
    headline: headlineFor(payload, subject, lookups),
    timestamp: new Date(payload.occurredAt).toISOString(),
    portalId: payload.portalId,
  });
  const change = subject.action === "propertyChange" ? `${payload.propertyName ?? "property"} changed` : subject.action;
  return [{ ...memory, title: `${memory.title ?? displayName(record)}: ${change}` }];
}

export const webhook: WebhookDefinition<HubspotApi> = {
  // the URI HubSpot signed is request.publicUrl: HUBSPOT_WEBHOOK_URL when set (services/runtime/webhook-url.ts)
  verifier: (credentials, { clock }) => hubspotV3Signature(credentials.HUBSPOT_CLIENT_SECRET ?? "", clock),
  parse: parseDelivery,
  toMemory: eventToMemory,
};
