/**
 * Asana webhooks (developers.asana.com/docs/webhooks-guide).
 *
 * Handshake: creating a webhook makes Asana POST to its target with `X-Hook-Secret`; we echo it and
 * keep it. It is accepted only inside a registration window this server opened
 * (api/registration.ts: asana_create_webhook puts a signed, expiring token in the target URL), so an
 * unsolicited handshake cannot install anyone's secret. The secret is stored in the integration's
 * durable state (WebhookContext.state), one per webhook, under the registration id that every later
 * delivery's URL carries: with MEMORY_URL, on the memory server (its /state store, shared by every
 * replica; runtime/webhooks/shared-state.ts), with a copy in `<dataDir>/asana-inbox.sqlite`'s kv
 * table; without a memory server, in that table only.
 *
 * Deliveries: `X-Hook-Signature` = hex HMAC-SHA256 of the raw body with that webhook's secret,
 * compared in constant time before the body is read. Asana sends no event id and no timestamp, so
 * each event is deduplicated by a hash of what identifies it (resource, action, time, user, parent,
 * change); a replayed body is acknowledged as a duplicate and stored once. Events are compact (ids
 * only), so turning one into a memory fetches the task or story it names.
 */
import { createHash, createHmac } from "node:crypto";
import { safeEqual } from "../../runtime/constant-time.js";
import {
  type HandshakeResponse,
  type MemoryRecord,
  type RawWebhookRequest,
  type ToolContext,
  UpstreamError,
  type WebhookContext,
  type WebhookDefinition,
  type WebhookEvent,
  type WebhookVerifier,
} from "../../runtime/contract.js";
import { jsonBody } from "../../runtime/webhooks/json-body.js";
import type { AsanaApi } from "./api/index.js";
import { checkRegistration, registrationIdOf, registrationTokenOf, secretStateKey } from "./api/registration.js";
import { commentToMemory, taskToMemory } from "./memory.js";
import { taskUrl, toStory, toTask } from "./types/normalized.js";
import { type RawWebhookEvent, webhookBodySchema, webhookEventSchema } from "./types/events.js";

const SECRET_HEADER = "x-hook-secret";
const SIGNATURE_HEADER = "x-hook-signature";

/** The access token registration tokens are checked with: the one the tools minted them with. */
function accessTokenOf(ctx: WebhookContext): string | undefined {
  const token = ctx.credentials.ASANA_ACCESS_TOKEN;
  return token === undefined || token === "" ? undefined : token;
}

export async function answerHandshake(request: RawWebhookRequest, ctx: WebhookContext): Promise<HandshakeResponse | undefined> {
  const secret = request.headers[SECRET_HEADER];
  if (secret === undefined || secret === "") return undefined;
  const accessToken = accessTokenOf(ctx);
  const check = accessToken
    ? checkRegistration(accessToken, registrationTokenOf(request.url), ctx.clock.now())
    : ({ ok: false, reason: "no access token to check registrations with" } as const);
  if (!check.ok) {
    ctx.log.warn({ reason: check.reason }, "asana webhook handshake refused: no registration of ours is open for it");
    return { status: 403, body: { error: "handshake refused" } };
  }
  const key = secretStateKey(check.id);
  try {
    const stored = await ctx.state.get(key);
    if (stored !== undefined && stored !== "" && stored !== secret) {
      ctx.log.warn({ registration: check.id }, "asana webhook handshake refused: this registration already has a secret");
      return { status: 409, body: { error: "handshake already completed" } };
    }
    await ctx.state.set(key, secret);
  } catch (error) {
    // not echoed: a secret only this replica could read would fail every delivery the others receive
    ctx.log.error({ registration: check.id, error: error instanceof Error ? error.message : String(error) }, "asana webhook handshake failed: the secret could not be stored");
    return { status: 503, body: { error: "the webhook secret could not be stored; create the webhook again" } };
  }
  ctx.log.info({ registration: check.id }, "asana webhook handshake accepted; secret stored");
  return { status: 200, headers: { [SECRET_HEADER]: secret } };
}

export function asanaVerifier(ctx: WebhookContext): WebhookVerifier {
  return async (request) => {
    const id = registrationIdOf(request.url);
    if (id === undefined) return { ok: false, reason: "no registration in the webhook URL" };
    const secret = await ctx.state.get(secretStateKey(id));
    if (secret === undefined || secret === "") return { ok: false, reason: "no secret stored for this webhook" };
    const provided = request.headers[SIGNATURE_HEADER];
    if (provided === undefined || provided === "") return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
    const expected = createHmac("sha256", secret).update(request.rawBody).digest("hex");
    return safeEqual(expected, provided.trim().toLowerCase()) ? { ok: true } : { ok: false, reason: "signature mismatch" };
  };
}

/** Asana sends no event id: what identifies one event, hashed. */
export function dedupeKeyOf(event: RawWebhookEvent): string {
  const change = event.change;
  const identity = [
    event.resource.resource_type,
    event.resource.gid,
    event.action,
    event.created_at,
    event.user?.gid ?? "",
    event.parent?.gid ?? "",
    change?.field ?? "",
    change?.action ?? "",
    JSON.stringify(change?.new_value ?? change?.added_value ?? change?.removed_value ?? null),
  ];
  return createHash("sha256").update(identity.join("\u0000")).digest("hex").slice(0, 40);
}

export function parseDelivery(request: RawWebhookRequest): WebhookEvent[] {
  const body = jsonBody(request, webhookBodySchema);
  return body.events.map((event) => {
    const type = `${event.resource.resource_type}.${event.action}`;
    return { dedupeKey: dedupeKeyOf(event), type, subscription: type, payload: event };
  });
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  name: "renamed",
  notes: "edited the notes of",
  due_on: "changed the due date of",
  due_at: "changed the due date of",
  start_on: "changed the start date of",
  tags: "changed the tags of",
  custom_fields: "changed a custom field of",
  projects: "changed the projects of",
  memberships: "moved",
  parent: "changed the parent of",
  dependencies: "changed the dependencies of",
};

function taskHeadline(event: RawWebhookEvent, who: string, task: ReturnType<typeof toTask>): string {
  const what = `"${task.name}"`;
  const where = event.parent?.resource_type ? `${event.parent.resource_type} ${event.parent.name ?? event.parent.gid}` : undefined;
  switch (event.action) {
    case "added":
      return where ? `${who} added the task ${what} to the ${where}.` : `${who} created the task ${what}.`;
    case "removed":
      return where ? `${who} removed the task ${what} from the ${where}.` : `${who} removed the task ${what}.`;
    case "undeleted":
      return `${who} restored the deleted task ${what}.`;
    case "changed": {
      const field = event.change?.field ?? "";
      if (field === "completed") return task.completed ? `${who} completed the task ${what}.` : `${who} reopened the task ${what}.`;
      if (field === "assignee") return task.assignee ? `${who} assigned the task ${what} to ${task.assignee.name ?? task.assignee.gid}.` : `${who} unassigned the task ${what}.`;
      return `${who} ${FIELD_NAMES[field] ?? `changed the ${field || "details"} of`} the task ${what}.`;
    }
    default:
      return `${who} ${event.action} the task ${what}.`;
  }
}

/** A memory from the event alone, when there is nothing to fetch (deleted, or gone since). */
function eventOnlyMemory(event: RawWebhookEvent, who: string, key: string): MemoryRecord {
  const { resource_type: type, gid } = event.resource;
  const field = event.change?.field ? ` (${event.change.field})` : "";
  return {
    key,
    source: "asana",
    type: `${type}_event`,
    timestamp: event.created_at,
    title: `Asana ${type} ${gid} ${event.action}`,
    content: `${who} ${event.action} the Asana ${type} ${event.resource.name ? `"${event.resource.name}"` : gid}${field}${event.parent ? ` in ${event.parent.resource_type ?? "object"} ${event.parent.gid}` : ""}.`,
    record: { event: `${type}.${event.action}`, ...event },
    ...(type === "task" ? { url: taskUrl(gid) } : {}),
  };
}

async function whoDid(event: RawWebhookEvent, api: AsanaApi, signal: AbortSignal): Promise<string> {
  if (!event.user) return "Asana";
  try {
    return (await api.userName(event.user.gid, signal)) ?? `User ${event.user.gid}`;
  } catch (error) {
    if (error instanceof UpstreamError && !error.retryable) return `User ${event.user.gid}`;
    throw error;
  }
}

/** A thing deleted (or made private) between the event and now: the event itself is still worth keeping. */
async function orGone<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof UpstreamError && (error.status === 404 || error.status === 403)) return undefined;
    throw error;
  }
}

export async function eventToMemory(event: WebhookEvent, { api, signal }: ToolContext<AsanaApi>): Promise<MemoryRecord[]> {
  const payload = webhookEventSchema.parse(event.payload);
  const key = `asana:event:${event.dedupeKey}`;
  const who = await whoDid(payload, api, signal);
  const type = payload.resource.resource_type;

  if (type === "task" && payload.action !== "deleted") {
    const raw = await orGone(api.getTask(payload.resource.gid, signal));
    if (raw === undefined) return [eventOnlyMemory(payload, who, key)];
    return [taskToMemory(raw, { key, headline: taskHeadline(payload, who, toTask(raw)), timestamp: payload.created_at })];
  }
  if (type === "story" && payload.action === "added") {
    const raw = await orGone(api.getStory(payload.resource.gid, signal));
    if (raw === undefined) return [eventOnlyMemory(payload, who, key)];
    const target = raw.target ?? (payload.parent ? { gid: payload.parent.gid, name: null } : undefined);
    if (target === undefined) return [eventOnlyMemory(payload, who, key)];
    return [commentToMemory(toStory(raw), { gid: target.gid, name: target.name ?? null, url: taskUrl(target.gid) }, key)];
  }
  return [eventOnlyMemory(payload, who, key)];
}

export const webhook: WebhookDefinition<AsanaApi> = {
  handshake: answerHandshake,
  verifier: (_credentials, ctx) => asanaVerifier(ctx),
  parse: parseDelivery,
  toMemory: eventToMemory,
};
