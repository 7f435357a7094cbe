/**
 * The Airbyte public API's response shapes (https://reference.airbyte.com, API v1), parsed from
 * every answer and never trusted: fields the API documents as required are required here, the
 * rest optional, unknown fields kept out of our types. Lists are `{ data, next?, previous? }`
 * pages over `limit` (default 20, at most 100) and `offset`.
 *
 * Sources' and destinations' `configuration` holds connector settings, secrets included (Airbyte
 * masks them, but not every connector marks every sensitive field): it is read only for its
 * field names and never returned or remembered.
 */
import { z } from "zod";

/** `{ data, next, previous }`: next/previous are absolute URLs of the neighbouring pages, when there are any. */
function page<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    next: z.string().nullish(),
    previous: z.string().nullish(),
  });
}

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().int().positive(),
});
export type RawTokenResponse = z.infer<typeof tokenResponseSchema>;

export const workspaceSchema = z.object({
  workspaceId: z.string(),
  name: z.string(),
  dataResidency: z.string().nullish(),
});
export type RawWorkspace = z.infer<typeof workspaceSchema>;
export const workspacesPageSchema = page(workspaceSchema);
export type RawWorkspacesPage = z.infer<typeof workspacesPageSchema>;

export const organizationSchema = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  email: z.string().nullish(),
});
export type RawOrganization = z.infer<typeof organizationSchema>;
export const organizationsSchema = z.object({ data: z.array(organizationSchema) });
export type RawOrganizations = z.infer<typeof organizationsSchema>;

const configurationSchema = z.record(z.string(), z.unknown());

export const sourceSchema = z.object({
  sourceId: z.string(),
  name: z.string(),
  sourceType: z.string(),
  workspaceId: z.string(),
  definitionId: z.string().nullish(),
  createdAt: z.number().int().nullish(),
  configuration: configurationSchema.nullish(),
});
export type RawSource = z.infer<typeof sourceSchema>;
export const sourcesPageSchema = page(sourceSchema);
export type RawSourcesPage = z.infer<typeof sourcesPageSchema>;

export const destinationSchema = z.object({
  destinationId: z.string(),
  name: z.string(),
  destinationType: z.string(),
  workspaceId: z.string(),
  definitionId: z.string().nullish(),
  createdAt: z.number().int().nullish(),
  configuration: configurationSchema.nullish(),
});
export type RawDestination = z.infer<typeof destinationSchema>;
export const destinationsPageSchema = page(destinationSchema);
export type RawDestinationsPage = z.infer<typeof destinationsPageSchema>;

export const connectionScheduleSchema = z.object({
  /** manual | cron | basic */
  scheduleType: z.string(),
  cronExpression: z.string().nullish(),
  basicTiming: z.string().nullish(),
});

const streamConfigurationSchema = z.object({
  name: z.string(),
  syncMode: z.string().nullish(),
  cursorField: z.array(z.string()).nullish(),
  primaryKey: z.array(z.array(z.string())).nullish(),
});

export const connectionSchema = z.object({
  connectionId: z.string(),
  name: z.string(),
  sourceId: z.string(),
  destinationId: z.string(),
  workspaceId: z.string(),
  /** active | inactive | deprecated */
  status: z.string(),
  schedule: connectionScheduleSchema,
  dataResidency: z.string().nullish(),
  namespaceDefinition: z.string().nullish(),
  namespaceFormat: z.string().nullish(),
  prefix: z.string().nullish(),
  nonBreakingSchemaUpdatesBehavior: z.string().nullish(),
  configurations: z.object({ streams: z.array(streamConfigurationSchema).nullish() }).nullish(),
  createdAt: z.number().int().nullish(),
});
export type RawConnection = z.infer<typeof connectionSchema>;
export const connectionsPageSchema = page(connectionSchema);
export type RawConnectionsPage = z.infer<typeof connectionsPageSchema>;

export const JOB_STATUSES = ["pending", "queued", "running", "incomplete", "failed", "succeeded", "cancelled"] as const;
export const JOB_TYPES = ["sync", "reset", "refresh", "clear"] as const;

export const jobSchema = z.object({
  jobId: z.number().int(),
  /** pending | queued | running | incomplete | failed | succeeded | cancelled */
  status: z.string(),
  /** sync | reset | refresh | clear */
  jobType: z.string(),
  startTime: z.string(),
  connectionId: z.string(),
  lastUpdatedAt: z.string().nullish(),
  /** ISO 8601 duration, e.g. PT1H2M3S */
  duration: z.string().nullish(),
  bytesSynced: z.number().int().nullish(),
  rowsSynced: z.number().int().nullish(),
});
export type RawJob = z.infer<typeof jobSchema>;
export const jobsPageSchema = page(jobSchema);
export type RawJobsPage = z.infer<typeof jobsPageSchema>;

/** `GET /streams?sourceId=…`: what a source offers (to a destination), answered as a bare array */
export const streamPropertiesSchema = z.array(
  z.object({
    streamName: z.string(),
    streamnamespace: z.string().nullish(),
    syncModes: z.array(z.string()).nullish(),
    defaultCursorField: z.array(z.string()).nullish(),
    sourceDefinedCursorField: z.boolean().nullish(),
    sourceDefinedPrimaryKey: z.array(z.array(z.string())).nullish(),
    propertyFields: z.array(z.array(z.string())).nullish(),
  }),
);
export type RawStreamProperties = z.infer<typeof streamPropertiesSchema>;
