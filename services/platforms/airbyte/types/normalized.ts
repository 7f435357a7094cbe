/**
 * What our tools return and memories hold: Airbyte's objects trimmed for a model to read. Epoch
 * seconds become ISO instants, ISO 8601 durations become seconds, and connector configuration is
 * reduced to its field names (its values can be credentials).
 */
import { z } from "zod";
import type { RawConnection, RawDestination, RawJob, RawOrganization, RawSource, RawStreamProperties, RawWorkspace } from "./raw.js";

export const TERMINAL_JOB_STATUSES: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

export const workspaceOutSchema = z.object({
  workspaceId: z.string(),
  name: z.string(),
  dataResidency: z.string().optional(),
});
export type Workspace = z.infer<typeof workspaceOutSchema>;

export function toWorkspace(raw: RawWorkspace): Workspace {
  return { workspaceId: raw.workspaceId, name: raw.name, ...(raw.dataResidency ? { dataResidency: raw.dataResidency } : {}) };
}

export const organizationOutSchema = z.object({
  organizationId: z.string(),
  name: z.string(),
  email: z.string().optional(),
});
export type Organization = z.infer<typeof organizationOutSchema>;

export function toOrganization(raw: RawOrganization): Organization {
  return { organizationId: raw.organizationId, name: raw.organizationName, ...(raw.email ? { email: raw.email } : {}) };
}

function isoFromEpochSeconds(seconds: number | null | undefined): { createdAt?: string } {
  return seconds === null || seconds === undefined ? {} : { createdAt: new Date(seconds * 1000).toISOString() };
}

export const connectorOutSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** the connector, e.g. "postgres", "bigquery" */
  connectorType: z.string(),
  workspaceId: z.string(),
  definitionId: z.string().optional(),
  createdAt: z.string().optional(),
  /** names of the configured settings; values are never returned (they can be credentials) */
  configuredFields: z.array(z.string()),
});
export type Connector = z.infer<typeof connectorOutSchema>;

function fieldNames(configuration: Readonly<Record<string, unknown>> | null | undefined): string[] {
  return Object.keys(configuration ?? {}).sort();
}

export function toSource(raw: RawSource): Connector {
  return {
    id: raw.sourceId,
    name: raw.name,
    connectorType: raw.sourceType,
    workspaceId: raw.workspaceId,
    ...(raw.definitionId ? { definitionId: raw.definitionId } : {}),
    ...isoFromEpochSeconds(raw.createdAt),
    configuredFields: fieldNames(raw.configuration),
  };
}

export function toDestination(raw: RawDestination): Connector {
  return {
    id: raw.destinationId,
    name: raw.name,
    connectorType: raw.destinationType,
    workspaceId: raw.workspaceId,
    ...(raw.definitionId ? { definitionId: raw.definitionId } : {}),
    ...isoFromEpochSeconds(raw.createdAt),
    configuredFields: fieldNames(raw.configuration),
  };
}

export const connectionOutSchema = z.object({
  connectionId: z.string(),
  name: z.string(),
  /** active (syncs on its schedule), inactive (disabled) or deprecated */
  status: z.string(),
  workspaceId: z.string(),
  sourceId: z.string(),
  destinationId: z.string(),
  schedule: z.object({ type: z.string(), cronExpression: z.string().optional(), basicTiming: z.string().optional() }),
  streams: z.array(z.object({ name: z.string(), syncMode: z.string().optional() })),
  namespaceDefinition: z.string().optional(),
  prefix: z.string().optional(),
  nonBreakingSchemaUpdatesBehavior: z.string().optional(),
  createdAt: z.string().optional(),
});
export type Connection = z.infer<typeof connectionOutSchema>;

export function toConnection(raw: RawConnection): Connection {
  return {
    connectionId: raw.connectionId,
    name: raw.name,
    status: raw.status,
    workspaceId: raw.workspaceId,
    sourceId: raw.sourceId,
    destinationId: raw.destinationId,
    schedule: {
      type: raw.schedule.scheduleType,
      ...(raw.schedule.cronExpression ? { cronExpression: raw.schedule.cronExpression } : {}),
      ...(raw.schedule.basicTiming ? { basicTiming: raw.schedule.basicTiming } : {}),
    },
    streams: (raw.configurations?.streams ?? []).map((stream) => ({ name: stream.name, ...(stream.syncMode ? { syncMode: stream.syncMode } : {}) })),
    ...(raw.namespaceDefinition ? { namespaceDefinition: raw.namespaceDefinition } : {}),
    ...(raw.prefix ? { prefix: raw.prefix } : {}),
    ...(raw.nonBreakingSchemaUpdatesBehavior ? { nonBreakingSchemaUpdatesBehavior: raw.nonBreakingSchemaUpdatesBehavior } : {}),
    ...isoFromEpochSeconds(raw.createdAt),
  };
}

export const jobOutSchema = z.object({
  jobId: z.number().int(),
  /** pending, queued, running, incomplete (an attempt failed, Airbyte retries), failed, succeeded, cancelled */
  status: z.string(),
  /** true once the job will not change any more (succeeded, failed, cancelled) */
  finished: z.boolean(),
  /** sync, reset, refresh or clear */
  jobType: z.string(),
  connectionId: z.string(),
  startTime: z.string(),
  lastUpdatedAt: z.string().optional(),
  durationSeconds: z.number().optional(),
  rowsSynced: z.number().int().optional(),
  bytesSynced: z.number().int().optional(),
});
export type Job = z.infer<typeof jobOutSchema>;

/** `PT1H2M3.5S` (and `P1DT2H`) → seconds; undefined when it is not an ISO 8601 duration. */
export function durationSeconds(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (match === null || iso === "P" || iso.endsWith("T")) return undefined;
  const [, days = "0", hours = "0", minutes = "0", seconds = "0"] = match;
  return Number(days) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
}

export function toJob(raw: RawJob): Job {
  const seconds = durationSeconds(raw.duration);
  return {
    jobId: raw.jobId,
    status: raw.status,
    finished: TERMINAL_JOB_STATUSES.has(raw.status),
    jobType: raw.jobType,
    connectionId: raw.connectionId,
    startTime: raw.startTime,
    ...(raw.lastUpdatedAt ? { lastUpdatedAt: raw.lastUpdatedAt } : {}),
    ...(seconds === undefined ? {} : { durationSeconds: seconds }),
    ...(raw.rowsSynced === null || raw.rowsSynced === undefined ? {} : { rowsSynced: raw.rowsSynced }),
    ...(raw.bytesSynced === null || raw.bytesSynced === undefined ? {} : { bytesSynced: raw.bytesSynced }),
  };
}

/** A page position for the next call: the offset to ask for, when the API says there is a next page. */
export const pageOutSchema = z.object({ nextOffset: z.number().int().optional() });

/** Fields listed per stream, at most: a wide table's columns would drown the answer. */
export const MAX_STREAM_FIELDS = 200;

export const streamOutSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  /** e.g. full_refresh_overwrite, incremental_append, incremental_deduped_history */
  syncModes: z.array(z.string()),
  /** the cursor incremental syncs use by default (a nested field as a.b) */
  defaultCursorField: z.string().optional(),
  /** true when the source decides the cursor and it cannot be changed */
  sourceDefinedCursor: z.boolean().optional(),
  primaryKey: z.array(z.string()),
  /** field paths (nested ones as a.b), cut at MAX_STREAM_FIELDS */
  fields: z.array(z.string()),
  fieldCount: z.number().int(),
});
export type Stream = z.infer<typeof streamOutSchema>;

export function toStreams(raw: RawStreamProperties): Stream[] {
  return raw.map((stream) => {
    const fields = (stream.propertyFields ?? []).map((path) => path.join("."));
    const cursor = (stream.defaultCursorField ?? []).join(".");
    return {
      name: stream.streamName,
      ...(stream.streamnamespace ? { namespace: stream.streamnamespace } : {}),
      syncModes: stream.syncModes ?? [],
      ...(cursor ? { defaultCursorField: cursor } : {}),
      ...(stream.sourceDefinedCursorField === null || stream.sourceDefinedCursorField === undefined ? {} : { sourceDefinedCursor: stream.sourceDefinedCursorField }),
      primaryKey: (stream.sourceDefinedPrimaryKey ?? []).map((path) => path.join(".")),
      fields: fields.slice(0, MAX_STREAM_FIELDS),
      fieldCount: fields.length,
    };
  });
}
