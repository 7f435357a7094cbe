/**
 * Lambda Labs as memories that read like an operations log: which instance was launched, by whom,
 * of which type, where, at what hourly price, how long it ran and what it cost; and every audit
 * event as "who did what to which resource, when". Costs are estimates (Lambda's on-demand price x
 * hours), said so in the text. Links go to the Lambda Cloud console.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import { CONSOLE_URL, INSTANCES_URL, costOf, runningHours, toAuditEvent, usd } from "./types/normalized.js";
import type { RawAuditEvent } from "./types/raw.js";

/** What the instances sync remembers about an instance between runs (its checkpoint holds these). */
export interface TrackedInstance {
  readonly id: string;
  readonly name?: string;
  readonly instanceType: string;
  readonly gpuDescription: string;
  readonly region: string;
  readonly priceCentsPerHour: number;
  readonly status: string;
  /** from the audit log, when the launch was found there */
  readonly launchedAt?: string;
  readonly launchedBy?: string;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
}

export function readableTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function label(instance: TrackedInstance): string {
  return `Lambda Labs instance ${instance.name ? `"${instance.name}" (${instance.id})` : instance.id}`;
}

function hoursText(hours: number): string {
  return hours < 1 ? `${Math.round(hours * 60)} min` : `${(Math.round(hours * 10) / 10).toFixed(1)} h`;
}

function describeInstance(instance: TrackedInstance): string {
  return `${instance.instanceType} (${instance.gpuDescription}) in ${instance.region} at $${usd(instance.priceCentsPerHour).toFixed(2)}/h`;
}

function launchText(instance: TrackedInstance): string {
  if (instance.launchedAt === undefined) return `first seen ${readableTime(instance.firstSeenAt)} (launch not in the audit log window)`;
  return `launched ${readableTime(instance.launchedAt)}${instance.launchedBy ? ` by ${instance.launchedBy}` : ""}`;
}

/** When the instance's time (and cost) starts: its launch, else when the sync first saw it. */
function startOf(instance: TrackedInstance): string {
  return instance.launchedAt ?? instance.firstSeenAt;
}

/** An instance observed in a status (one memory per instance and status). */
export function instanceStatusRecord(instance: TrackedInstance, now: Date): MemoryRecord {
  const hours = runningHours(startOf(instance), now);
  const cost = costOf(instance.priceCentsPerHour, hours);
  const content =
    `${label(instance)} is ${instance.status}: ${describeInstance(instance)}, ${launchText(instance)}. ` +
    `As of ${readableTime(now.toISOString())} it has run ${instance.launchedAt === undefined ? "at least " : ""}${hoursText(hours)}, ` +
    `an estimated $${cost.toFixed(2)} so far.`;
  return {
    key: `lambda_labs:instance:${instance.id}:${instance.status}`,
    source: "lambda_labs",
    type: "instance",
    timestamp: now.toISOString(),
    title: `${label(instance)} ${instance.status}`,
    content,
    record: { ...instance, runningHours: Math.round(hours * 100) / 100, runningCostUsd: cost },
    url: INSTANCES_URL,
  };
}

/** An instance that is no longer listed: terminated (or preempted) since the last run. */
export function instanceEndedRecord(instance: TrackedInstance, now: Date): MemoryRecord {
  const shortest = runningHours(startOf(instance), new Date(instance.lastSeenAt));
  const longest = runningHours(startOf(instance), now);
  const content =
    `${label(instance)} was terminated: ${describeInstance(instance)}, ${launchText(instance)}, last seen ${instance.status} ` +
    `${readableTime(instance.lastSeenAt)} and gone by ${readableTime(now.toISOString())}. It ran about ${hoursText(shortest)} to ${hoursText(longest)}, ` +
    `an estimated $${costOf(instance.priceCentsPerHour, shortest).toFixed(2)} to $${costOf(instance.priceCentsPerHour, longest).toFixed(2)} in all.`;
  return {
    key: `lambda_labs:instance:${instance.id}:ended`,
    source: "lambda_labs",
    type: "instance",
    timestamp: now.toISOString(),
    title: `${label(instance)} terminated`,
    content,
    record: { ...instance, endedBy: now.toISOString(), estimatedCostUsd: costOf(instance.priceCentsPerHour, longest) },
    url: INSTANCES_URL,
  };
}

function detailText(details: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(details)
    .filter(([, value]) => typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    .map(([key, value]) => `${key.replaceAll("_", " ")}: ${String(value)}`);
  return parts.length === 0 ? "" : ` Details: ${parts.join("; ")}.`;
}

export function auditEventRecord(raw: RawAuditEvent): MemoryRecord {
  const event = toAuditEvent(raw);
  const who = event.actor ?? (event.apiKey !== undefined ? "an API key" : "Lambda");
  const via = event.apiKey !== undefined && event.actor !== undefined ? ` using API key ${event.apiKey}` : event.apiKey !== undefined ? ` ${event.apiKey}` : "";
  const what = event.resources.length > 0 ? ` (${event.resources.join(", ")})` : "";
  return {
    key: `lambda_labs:audit:${event.id}`,
    source: "lambda_labs",
    type: "audit_event",
    timestamp: new Date(Date.parse(event.time) || 0).toISOString(),
    title: `Lambda Labs ${event.resourceType} ${event.action}`,
    content: `Lambda Labs audit: ${event.resourceType.replaceAll("_", " ")} ${event.action} by ${who}${via} at ${readableTime(event.time)}${what}.${detailText(event.details)}`,
    record: event,
    url: CONSOLE_URL,
  };
}
