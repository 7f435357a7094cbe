/**
 * Airbyte jobs as memories: one sentence a person can read ("The Airbyte sync of connection
 * "Postgres → Warehouse", from Postgres prod to Warehouse (bigquery), failed on
 * 2026-11-20 at 09:14 UTC after 3 min 5 s: 0 rows, 0 B synced. Job 9988, ..."), with a link to the
 * Airbyte web app. Sync notifications (once confirmed) and the jobs sync both go through here, with
 * one key per job and final status, so whichever way a job arrives it is remembered once.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import type { JobSubjects } from "./api/index.js";
import type { Job } from "./types/normalized.js";

const VERBS: Readonly<Record<string, string>> = {
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "was cancelled",
  incomplete: "is incomplete (an attempt failed; Airbyte retries)",
  running: "is running",
  pending: "is pending",
  queued: "is queued",
};

const KINDS: Readonly<Record<string, string>> = {
  sync: "sync",
  reset: "reset (the destination's data for it is cleared)",
  refresh: "refresh",
  clear: "clear",
};

/** The one key a job's final state is remembered under. */
export function jobMemoryKey(job: Pick<Job, "jobId" | "status">): string {
  return `airbyte:job:${job.jobId}:${job.status}`;
}

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** "2026-11-20 at 09:14 UTC" */
function readableInstant(iso: string): string | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const text = new Date(ms).toISOString();
  return `${text.slice(0, 10)} at ${text.slice(11, 16)} UTC`;
}

/** "Postgres prod (postgres)": the name people gave it, and the connector when the name does not say it */
function connectorPhrase(name: string | undefined, type: string | undefined): string | undefined {
  if (!name) return undefined;
  return type && !name.toLowerCase().includes(type.toLowerCase()) ? `${name} (${type})` : name;
}

/** ", from Postgres prod (postgres) to Warehouse (bigquery)," when the names are known */
function route(subjects: JobSubjects): string {
  const from = connectorPhrase(subjects.sourceName, subjects.sourceType);
  const to = connectorPhrase(subjects.destinationName, subjects.destinationType);
  if (from && to) return `, from ${from} to ${to},`;
  if (from) return `, from ${from},`;
  if (to) return `, into ${to},`;
  return "";
}

export function connectionUrl(webAppUrl: string, workspaceId: string | undefined, connectionId: string): string | undefined {
  if (!workspaceId) return undefined;
  return `${webAppUrl}/workspaces/${encodeURIComponent(workspaceId)}/connections/${encodeURIComponent(connectionId)}`;
}

export function jobToMemory(job: Job, subjects: JobSubjects, webAppUrl: string): MemoryRecord {
  const kind = KINDS[job.jobType] ?? job.jobType;
  const verb = VERBS[job.status] ?? `is ${job.status}`;
  const connection = subjects.connectionName ? `connection "${subjects.connectionName}"` : `connection ${job.connectionId}`;
  const when = readableInstant(job.lastUpdatedAt ?? job.startTime);
  const after = job.durationSeconds === undefined ? "" : ` after ${formatDuration(job.durationSeconds)}`;
  const volume =
    job.rowsSynced === undefined && job.bytesSynced === undefined
      ? ""
      : `: ${job.rowsSynced ?? 0} rows${job.bytesSynced === undefined ? "" : `, ${formatBytes(job.bytesSynced)}`} synced`;
  const sentence =
    `The Airbyte ${kind} of ${connection}${route(subjects)} ${verb}` +
    `${when && job.finished ? ` on ${when}` : ""}${job.finished ? after : ""}${volume}.`;
  const started = readableInstant(job.startTime);
  const content = `${sentence} Job ${job.jobId}${started ? `, started ${started}` : ""}.`;
  const url = connectionUrl(webAppUrl, subjects.workspaceId, job.connectionId);
  return {
    key: jobMemoryKey(job),
    source: "airbyte",
    type: "job",
    timestamp: new Date(Date.parse(job.lastUpdatedAt ?? job.startTime) || 0).toISOString(),
    title: `Airbyte ${job.jobType} ${job.status}: ${subjects.connectionName ?? job.connectionId}`,
    content,
    record: { ...job, ...(Object.keys(subjects).length > 0 ? { subjects } : {}) },
    ...(url ? { url } : {}),
  };
}
