/**
 * What our tools return: HubSpot records trimmed for a model to read (empty properties dropped,
 * associations flattened to id lists), owners and pipelines without bookkeeping fields.
 */
import { z } from "zod";
import { type CrmObjectType, crmObjectTypeSchema } from "./objects.js";
import type { RawCrmObject, RawOwnersResponse, RawPipelinesResponse } from "./raw.js";

export const crmRecordSchema = z.object({
  id: z.string(),
  objectType: crmObjectTypeSchema,
  /** only properties that have a value */
  properties: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
  /** ids of associated records by object type, when requested */
  associations: z.record(z.string(), z.array(z.string())).optional(),
});
export type CrmRecord = z.infer<typeof crmRecordSchema>;

export function toCrmRecord(objectType: CrmObjectType, raw: RawCrmObject): CrmRecord {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.properties)) {
    // hs_object_id repeats `id`; empty strings are how HubSpot reports a cleared property
    if (value !== null && value !== "" && name !== "hs_object_id") properties[name] = value;
  }
  const record: CrmRecord = { id: raw.id, objectType, properties, createdAt: raw.createdAt, updatedAt: raw.updatedAt };
  if (raw.archived) record.archived = true;
  if (raw.associations) {
    record.associations = Object.fromEntries(
      Object.entries(raw.associations).map(([type, list]) => [type, [...new Set(list.results.map((ref) => ref.id))]]),
    );
  }
  return record;
}

export const ownerSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  userId: z.number().int().optional(),
  teams: z.array(z.string()).optional(),
});
export type Owner = z.infer<typeof ownerSchema>;

export function toOwners(raw: RawOwnersResponse): Owner[] {
  return raw.results.map((owner) => {
    const name = [owner.firstName, owner.lastName].filter((part) => part).join(" ");
    const result: Owner = { id: owner.id };
    if (name) result.name = name;
    if (owner.email) result.email = owner.email;
    if (owner.userId !== null && owner.userId !== undefined) result.userId = owner.userId;
    if (owner.teams && owner.teams.length > 0) result.teams = owner.teams.map((team) => team.name);
    return result;
  });
}

export const pipelineSchema = z.object({
  id: z.string(),
  label: z.string(),
  stages: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      /** deals: win probability 0..1 */
      probability: z.number().optional(),
      /** deals: closed won/lost; tickets: closed state */
      isClosed: z.boolean().optional(),
    }),
  ),
});
export type Pipeline = z.infer<typeof pipelineSchema>;

export function toPipelines(raw: RawPipelinesResponse, includeArchived: boolean): Pipeline[] {
  return raw.results
    .filter((pipeline) => includeArchived || !pipeline.archived)
    .sort((a, b) => a.displayOrder - b.displayOrder)
    .map((pipeline) => ({
      id: pipeline.id,
      label: pipeline.label,
      stages: pipeline.stages
        .filter((stage) => includeArchived || !stage.archived)
        .sort((a, b) => a.displayOrder - b.displayOrder)
        .map((stage) => {
          const result: Pipeline["stages"][number] = { id: stage.id, label: stage.label };
          const probability = Number.parseFloat(stage.metadata?.probability ?? "");
          if (Number.isFinite(probability)) result.probability = probability;
          const closed = stage.metadata?.isClosed ?? (stage.metadata?.ticketState ? String(stage.metadata.ticketState === "CLOSED") : undefined);
          if (closed === "true" || closed === "false") result.isClosed = closed === "true";
          return result;
        }),
    }));
}
