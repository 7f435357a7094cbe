/**
 * Gong calls as memory records (the seed's _transform_record and _generate_searchable_content).
 * The content reads like a short call note: what, when, who, and Gong's own summary, so a search
 * for a customer, a competitor or a topic finds the call and the hit explains itself. Webhook
 * deliveries and the batch sync produce the same key for a call, so it is stored once.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import type { RawCallData } from "./types/raw.js";
import { toCallDetails, type GongCallDetails, type GongParticipant } from "./types/normalized.js";

export function callKey(id: string): string {
  return `gong:call:${id}`;
}

function readableTime(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function describeParticipant(p: GongParticipant): string {
  const name = p.name ?? p.email ?? "unnamed participant";
  const details = [p.title, p.affiliation === "External" && p.email ? p.email.split("@")[1] : undefined, p.affiliation]
    .filter((d): d is string => Boolean(d));
  return details.length > 0 ? `${name} (${details.join(", ")})` : name;
}

export function callContent(call: GongCallDetails): string {
  const when = readableTime(call.started ?? call.scheduled);
  const facts = [
    when && `on ${when}`,
    call.durationMinutes !== undefined && `${Math.round(call.durationMinutes)} min`,
    call.scope && call.scope.toLowerCase() !== "unknown" && `${call.scope.toLowerCase()} call`,
    call.system && `via ${call.system}`,
  ].filter((f): f is string => Boolean(f));
  const lines = [`Gong call "${call.title}"${facts.length > 0 ? ` ${facts.join(", ")}` : ""}.`];
  if (call.participants.length > 0) lines.push(`Participants: ${call.participants.map(describeParticipant).join("; ")}.`);
  if (call.brief) lines.push(`Summary: ${call.brief}`);
  if (call.keyPoints?.length) lines.push(`Key points:\n${call.keyPoints.map((k) => `- ${k}`).join("\n")}`);
  if (call.outcome) lines.push(`Outcome: ${call.outcome}.`);
  if (call.topics?.length) lines.push(`Topics: ${call.topics.map((t) => `${t.name} (${t.minutes} min)`).join(", ")}.`);
  if (call.trackers?.length) lines.push(`Trackers mentioned: ${call.trackers.map((t) => `${t.name} ×${t.count}`).join(", ")}.`);
  if (call.crm?.length) {
    lines.push(`CRM: ${call.crm.map((c) => `${c.system} ${c.objectType} ${c.name ? `"${c.name}"` : c.objectId}`).join("; ")}.`);
  }
  return lines.join("\n");
}

export function callRecord(raw: RawCallData): MemoryRecord {
  const call = toCallDetails(raw);
  return {
    key: callKey(call.id),
    source: "gong",
    type: "call",
    timestamp: new Date(Date.parse(call.started ?? call.scheduled ?? "") || 0).toISOString(),
    title: call.title,
    content: callContent(call),
    record: call,
    ...(call.url !== undefined && { url: call.url }),
  };
}
