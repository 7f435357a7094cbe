/**
 * Lambda Cloud API responses (OpenAPI 1.10.0, https://cloud.lambda.ai/api/v1/openapi.json), parsed,
 * never trusted. Every success is `{ "data": <payload> }`, every failure `{ "error": { code, message,
 * suggestion? } }`; only `code` is stable. Fields we never hand out (an instance's `jupyter_token`
 * and `jupyter_url`, which carries the token) are left out of the schemas, so they are dropped at parse.
 */
import { z } from "zod";

export const regionSchema = z.object({ name: z.string(), description: z.string() });
export type RawRegion = z.infer<typeof regionSchema>;

export const instanceTypeSchema = z.object({
  name: z.string(),
  description: z.string(),
  gpu_description: z.string(),
  price_cents_per_hour: z.number().int().nonnegative(),
  specs: z.object({ vcpus: z.number().int(), memory_gib: z.number().int(), storage_gib: z.number().int(), gpus: z.number().int() }),
});
export type RawInstanceType = z.infer<typeof instanceTypeSchema>;

export const instanceTypesSchema = z.record(
  z.string(),
  z.object({ instance_type: instanceTypeSchema, regions_with_capacity_available: z.array(regionSchema) }),
);
export type RawInstanceTypes = z.infer<typeof instanceTypesSchema>;

export const INSTANCE_STATUSES = ["booting", "active", "unhealthy", "terminated", "terminating", "preempted"] as const;

export const instanceSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  ip: z.string().nullish(),
  private_ip: z.string().nullish(),
  status: z.enum(INSTANCE_STATUSES),
  ssh_key_names: z.array(z.string()),
  file_system_names: z.array(z.string()),
  region: regionSchema,
  instance_type: instanceTypeSchema,
  hostname: z.string().nullish(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});
export type RawInstance = z.infer<typeof instanceSchema>;

export const sshKeySchema = z.object({ id: z.string(), name: z.string(), public_key: z.string() });
export type RawSshKey = z.infer<typeof sshKeySchema>;

export const fileSystemSchema = z.object({
  id: z.string(),
  name: z.string(),
  mount_point: z.string(),
  created: z.string(),
  created_by: z.object({ id: z.string(), email: z.string(), status: z.string() }),
  is_in_use: z.boolean(),
  region: regionSchema,
  bytes_used: z.number().int().nullish(),
});
export type RawFileSystem = z.infer<typeof fileSystemSchema>;

export const auditEventSchema = z.object({
  service_name: z.string(),
  resource_name: z.string(),
  action: z.string(),
  catalog_version: z.string(),
  event_id: z.string(),
  event_time: z.string(),
  actor_lrn: z.string().nullable(),
  resource_lrns: z.array(z.string()),
  resource_owner_lrn: z.string().nullable(),
  request_api_key_lrn: z.string().nullable(),
  additional_details: z.record(z.string(), z.unknown()),
});
export type RawAuditEvent = z.infer<typeof auditEventSchema>;

/** GET /audit-events is the one paged list: `page_token` is null on the last page. */
export const auditEventsPageSchema = z.object({ data: z.array(auditEventSchema), page_token: z.string().nullable() });
export type RawAuditEventsPage = z.infer<typeof auditEventsPageSchema>;

export const launchResultSchema = z.object({ instance_ids: z.array(z.string()) });
export const restartResultSchema = z.object({ restarted_instances: z.array(instanceSchema) });
export const terminateResultSchema = z.object({ terminated_instances: z.array(instanceSchema) });

/** `{ "data": payload }` around any payload schema. */
export function envelope<T extends z.ZodType>(payload: T) {
  return z.object({ data: payload });
}

export const errorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), suggestion: z.string().optional() }),
});
