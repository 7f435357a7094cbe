/**
 * What our Lambda Labs tools and memories hand out: prices in US dollars, costs computed from
 * Lambda's own hourly price and the instance's time since launch (Lambda has no billing endpoint,
 * so a running cost is price x uptime, labelled an estimate). The `to*` functions map parsed
 * responses (types/raw.ts) onto these shapes. Nothing here carries a secret: an instance's Jupyter
 * token never gets past the raw schema.
 */
import { z } from "zod";
import type { InstanceLaunch } from "../api/launches.js";
import type { RawAuditEvent, RawFileSystem, RawInstance, RawInstanceType, RawInstanceTypes, RawSshKey } from "./raw.js";

export const CONSOLE_URL = "https://cloud.lambda.ai";
export const INSTANCES_URL = `${CONSOLE_URL}/instances`;

export const usd = (cents: number): number => Math.round(cents) / 100;
const roundUsd = (value: number): number => Math.round(value * 100) / 100;

export const instanceTypeOutput = z.object({
  name: z.string().describe("the instance_type_name a launch takes, e.g. gpu_1x_a10"),
  description: z.string(),
  gpuDescription: z.string(),
  priceUsdPerHour: z.number(),
  vcpus: z.number(),
  memoryGib: z.number(),
  storageGib: z.number(),
  gpus: z.number(),
  regionsWithCapacity: z.array(z.string()).describe("regions where a launch can succeed right now"),
});
export type LambdaInstanceType = z.infer<typeof instanceTypeOutput>;

export function toInstanceType(type: RawInstanceType, regions: readonly { name: string }[]): LambdaInstanceType {
  return {
    name: type.name,
    description: type.description,
    gpuDescription: type.gpu_description,
    priceUsdPerHour: usd(type.price_cents_per_hour),
    vcpus: type.specs.vcpus,
    memoryGib: type.specs.memory_gib,
    storageGib: type.specs.storage_gib,
    gpus: type.specs.gpus,
    regionsWithCapacity: regions.map((region) => region.name),
  };
}

export function toInstanceTypes(raw: RawInstanceTypes): LambdaInstanceType[] {
  return Object.values(raw)
    .map((item) => toInstanceType(item.instance_type, item.regions_with_capacity_available))
    .sort((a, b) => a.priceUsdPerHour - b.priceUsdPerHour || a.name.localeCompare(b.name));
}

export const instanceOutput = z.object({
  id: z.string(),
  name: z.string().optional(),
  status: z.string().describe("booting, active, unhealthy, terminating, terminated or preempted"),
  instanceType: z.string(),
  gpuDescription: z.string(),
  region: z.string(),
  priceUsdPerHour: z.number(),
  ip: z.string().optional(),
  privateIp: z.string().optional(),
  hostname: z.string().optional(),
  sshKeyNames: z.array(z.string()),
  fileSystemNames: z.array(z.string()),
  tags: z.record(z.string(), z.string()).optional(),
  launchedAt: z.string().optional().describe("from the audit log; absent when the launch is older than the lookback"),
  launchedBy: z.string().optional().describe("LRN of the user who launched it"),
  runningHours: z.number().optional(),
  runningCostUsd: z.number().optional().describe("estimate: hourly price x hours since launch"),
  url: z.string(),
});
export type LambdaInstance = z.infer<typeof instanceOutput>;

export function runningHours(since: string, now: Date): number {
  return Math.max(0, now.getTime() - Date.parse(since)) / 3_600_000;
}

export function costOf(priceCentsPerHour: number, hours: number): number {
  return roundUsd((priceCentsPerHour * hours) / 100);
}

export function toInstance(raw: RawInstance, launch: InstanceLaunch | undefined, now: Date): LambdaInstance {
  const hours = launch === undefined ? undefined : runningHours(launch.at, now);
  return {
    id: raw.id,
    ...(raw.name ? { name: raw.name } : {}),
    status: raw.status,
    instanceType: raw.instance_type.name,
    gpuDescription: raw.instance_type.gpu_description,
    region: raw.region.name,
    priceUsdPerHour: usd(raw.instance_type.price_cents_per_hour),
    ...(raw.ip ? { ip: raw.ip } : {}),
    ...(raw.private_ip ? { privateIp: raw.private_ip } : {}),
    ...(raw.hostname ? { hostname: raw.hostname } : {}),
    sshKeyNames: raw.ssh_key_names,
    fileSystemNames: raw.file_system_names,
    ...(raw.tags && raw.tags.length > 0 ? { tags: Object.fromEntries(raw.tags.map((tag) => [tag.key, tag.value])) } : {}),
    ...(launch !== undefined && { launchedAt: launch.at }),
    ...(launch?.by !== undefined && { launchedBy: launch.by }),
    ...(hours !== undefined && { runningHours: Math.round(hours * 100) / 100, runningCostUsd: costOf(raw.instance_type.price_cents_per_hour, hours) }),
    url: INSTANCES_URL,
  };
}

export const sshKeyOutput = z.object({
  id: z.string(),
  name: z.string(),
  publicKey: z.string().describe("the public half only; Lambda never returns a stored private key"),
});

export function toSshKey(raw: RawSshKey): z.infer<typeof sshKeyOutput> {
  return { id: raw.id, name: raw.name, publicKey: raw.public_key };
}

export const fileSystemOutput = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  mountPoint: z.string(),
  createdAt: z.string(),
  createdBy: z.string().describe("email of the user who created it"),
  inUse: z.boolean().describe("mounted by a running instance"),
  bytesUsed: z.number().optional(),
});

export function toFileSystem(raw: RawFileSystem): z.infer<typeof fileSystemOutput> {
  return {
    id: raw.id,
    name: raw.name,
    region: raw.region.name,
    mountPoint: raw.mount_point,
    createdAt: raw.created,
    createdBy: raw.created_by.email,
    inUse: raw.is_in_use,
    ...(raw.bytes_used !== null && raw.bytes_used !== undefined && { bytesUsed: raw.bytes_used }),
  };
}

export const auditEventOutput = z.object({
  id: z.string(),
  time: z.string(),
  service: z.string(),
  resourceType: z.string(),
  action: z.string(),
  actor: z.string().optional().describe("LRN of the user who acted"),
  apiKey: z.string().optional().describe("LRN (an identifier, not the key) of the API key used"),
  resources: z.array(z.string()).describe("LRNs of the resources affected"),
  details: z.record(z.string(), z.unknown()),
});
export type LambdaAuditEvent = z.infer<typeof auditEventOutput>;

export function toAuditEvent(raw: RawAuditEvent): LambdaAuditEvent {
  return {
    id: raw.event_id,
    time: raw.event_time,
    service: raw.service_name,
    resourceType: raw.resource_name,
    action: raw.action,
    ...(raw.actor_lrn !== null && { actor: raw.actor_lrn }),
    ...(raw.request_api_key_lrn !== null && { apiKey: raw.request_api_key_lrn }),
    resources: raw.resource_lrns,
    details: raw.additional_details,
  };
}
