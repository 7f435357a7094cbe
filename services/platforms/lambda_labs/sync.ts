/**
 * Two syncs, both polled (Lambda sends no webhooks):
 *
 * `instances`: GET /instances each run, compared with the instances the checkpoint remembers. A new
 * instance, or one whose status changed, becomes a memory (one per instance and status) with its
 * hourly price and cost so far; an instance that is no longer listed was terminated, and becomes a
 * memory of how long it ran and what it cost. Launch time and launcher come from the audit log, read
 * only when there is a new instance, from shortly before the previous run (30 days on the first).
 * The checkpoint is `{ checkedAt, instances: { <id>: TrackedInstance } }`.
 *
 * `audit_events`: GET /audit-events over a window `[from, to]`, paged with `page_token`. While a
 * window is being paged the checkpoint holds it and the next page's token, so an interrupted run
 * resumes on that page; a finished window leaves only the next window's start, a few minutes before
 * this one's end because an event can be logged a little after it happened. Events are keyed by
 * event_id, so the overlap stores nothing twice.
 */
import { z } from "zod";
import type { SyncDefinition } from "../../runtime/contract.js";
import { readCheckpoint } from "../../sync/checkpoint-json.js";
import type { LambdaLabsApi } from "./api/index.js";
import { type TrackedInstance, auditEventRecord, instanceEndedRecord, instanceStatusRecord } from "./memory.js";
import type { RawInstance } from "./types/raw.js";

export const FIRST_RUN_LOOKBACK_DAYS = 30;
export const AUDIT_OVERLAP_MINUTES = 10;
/** how far before the previous run a new instance's launch is looked for */
export const LAUNCH_SEARCH_OVERLAP_HOURS = 1;

const trackedSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  instanceType: z.string(),
  gpuDescription: z.string(),
  region: z.string(),
  priceCentsPerHour: z.number(),
  status: z.string(),
  launchedAt: z.string().optional(),
  launchedBy: z.string().optional(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
const instancesCheckpointSchema = z.object({ checkedAt: z.iso.datetime({ offset: true }), instances: z.record(z.string(), trackedSchema) });
export type InstancesCheckpoint = z.infer<typeof instancesCheckpointSchema>;

const auditCheckpointSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }).optional(),
  pageToken: z.string().optional(),
});
export type AuditCheckpoint = z.infer<typeof auditCheckpointSchema>;

export function parseAuditCheckpoint(text: string | undefined, now: Date): AuditCheckpoint {
  return readCheckpoint(text, auditCheckpointSchema, "Lambda Labs") ?? { from: new Date(now.getTime() - FIRST_RUN_LOOKBACK_DAYS * 86_400_000).toISOString() };
}

export function parseInstancesCheckpoint(text: string | undefined): InstancesCheckpoint | undefined {
  return readCheckpoint(text, instancesCheckpointSchema, "Lambda Labs");
}

function track(raw: RawInstance, known: TrackedInstance | undefined, launch: { at: string; by?: string } | undefined, now: string): TrackedInstance {
  const launchedAt = known?.launchedAt ?? launch?.at;
  const launchedBy = known?.launchedBy ?? launch?.by;
  return {
    id: raw.id,
    ...(raw.name ? { name: raw.name } : {}),
    instanceType: known?.instanceType ?? raw.instance_type.name,
    gpuDescription: known?.gpuDescription ?? raw.instance_type.gpu_description,
    region: known?.region ?? raw.region.name,
    // the price it launched at is the price it is billed at
    priceCentsPerHour: known?.priceCentsPerHour ?? raw.instance_type.price_cents_per_hour,
    status: raw.status,
    ...(launchedAt !== undefined && { launchedAt }),
    ...(launchedBy !== undefined && { launchedBy }),
    firstSeenAt: known?.firstSeenAt ?? now,
    lastSeenAt: now,
  };
}

const instancesSync: SyncDefinition<LambdaLabsApi> = {
  object: "instances",
  async *run(checkpointText, ctx) {
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const previous = parseInstancesCheckpoint(checkpointText);
    const known = previous?.instances ?? {};
    const current = await ctx.api.listInstances(ctx.signal);
    const fresh = current.filter((instance) => known[instance.id] === undefined);
    const since =
      previous === undefined
        ? new Date(now.getTime() - FIRST_RUN_LOOKBACK_DAYS * 86_400_000)
        : new Date(Date.parse(previous.checkedAt) - LAUNCH_SEARCH_OVERLAP_HOURS * 3_600_000);
    const launches = fresh.length > 0 ? await ctx.api.launches(since.toISOString(), ctx.signal) : new Map<string, { at: string; by?: string }>();

    const instances: Record<string, TrackedInstance> = {};
    const records = [];
    for (const raw of current) {
      const before = known[raw.id];
      const tracked = track(raw, before, launches.get(raw.id), nowIso);
      instances[raw.id] = tracked;
      if (before === undefined || before.status !== tracked.status) records.push(instanceStatusRecord(tracked, now));
    }
    for (const gone of Object.values(known)) {
      if (instances[gone.id] === undefined) records.push(instanceEndedRecord(gone, now));
    }
    yield { records, checkpoint: JSON.stringify({ checkedAt: nowIso, instances } satisfies InstancesCheckpoint) };
  },
};

const auditEventsSync: SyncDefinition<LambdaLabsApi> = {
  object: "audit_events",
  async *run(checkpointText, ctx) {
    const now = ctx.clock.now();
    const start = parseAuditCheckpoint(checkpointText, now);
    const from = start.from;
    const to = start.to ?? now.toISOString();
    let pageToken = start.pageToken;
    for (;;) {
      ctx.signal.throwIfAborted();
      const page = await ctx.api.auditEvents({ start: from, end: to, ...(pageToken !== undefined && { pageToken }) }, ctx.signal);
      const records = page.data.map(auditEventRecord);
      if (page.page_token !== null) {
        pageToken = page.page_token;
        yield { records, checkpoint: JSON.stringify({ from, to, pageToken } satisfies AuditCheckpoint) };
        continue;
      }
      const nextFrom = new Date(Math.max(Date.parse(from), Date.parse(to) - AUDIT_OVERLAP_MINUTES * 60_000)).toISOString();
      yield { records, checkpoint: JSON.stringify({ from: nextFrom } satisfies AuditCheckpoint) };
      return;
    }
  },
};

export const syncs: readonly SyncDefinition<LambdaLabsApi>[] = [instancesSync, auditEventsSync];
