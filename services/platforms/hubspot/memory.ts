/**
 * HubSpot records as memories (the seed's _transform_record and _generate_searchable_content):
 * one sentence-like text per record that names what it is, who and what it concerns, and where it
 * stands, with stage and owner ids resolved to labels and names when we know them. Webhook events
 * and batch syncs both go through here, so the same deal reads the same way whichever way it came.
 */
import type { MemoryRecord } from "../../runtime/contract.js";
import type { HubspotApi } from "./api/index.js";
import type { CrmRecord } from "./types/normalized.js";
import { type CrmObjectType, OBJECT_TYPES } from "./types/objects.js";

/** Ids resolved to what a reader understands. */
export interface Lookups {
  /** pipeline stage id -> "Sales pipeline / Closed won" */
  readonly stageLabels?: ReadonlyMap<string, string>;
  /** owner id -> "Ada Lovelace" */
  readonly ownerNames?: ReadonlyMap<string, string>;
}

const MAX_CONTENT_TEXT = 1_000;

function clip(text: string, max = MAX_CONTENT_TEXT): string {
  const flat = text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function joinDefined(parts: readonly (string | undefined | false)[], separator: string): string {
  return parts.filter((part): part is string => typeof part === "string" && part.length > 0).join(separator);
}

/** The name a person would use for the record. */
export function displayName(record: CrmRecord): string {
  const p = record.properties;
  const noun = OBJECT_TYPES[record.objectType].noun;
  switch (record.objectType) {
    case "contacts":
      return joinDefined([p.firstname, p.lastname], " ") || p.email || `${noun} ${record.id}`;
    case "companies":
      return p.name || p.domain || `${noun} ${record.id}`;
    case "deals":
      return p.dealname || `${noun} ${record.id}`;
    case "tickets":
      return p.subject || `${noun} ${record.id}`;
  }
}

function stage(id: string | undefined, lookups: Lookups): string | undefined {
  if (!id) return undefined;
  return lookups.stageLabels?.get(id) ?? id;
}

function owner(record: CrmRecord, lookups: Lookups): string | undefined {
  const id = record.properties.hubspot_owner_id;
  if (!id) return undefined;
  return `Owner: ${lookups.ownerNames?.get(id) ?? `owner ${id}`}.`;
}

function describe(record: CrmRecord, lookups: Lookups): string {
  const p = record.properties;
  const name = displayName(record);
  switch (record.objectType) {
    case "contacts":
      return joinDefined(
        [
          `HubSpot contact ${name}` + (p.jobtitle || p.company ? `, ${joinDefined([p.jobtitle, p.company && `at ${p.company}`], " ")}` : "") + ".",
          p.email && `Email: ${p.email}.`,
          p.phone && `Phone: ${p.phone}.`,
          p.lifecyclestage && `Lifecycle stage: ${p.lifecyclestage}.`,
          p.hs_lead_status && `Lead status: ${p.hs_lead_status}.`,
          owner(record, lookups),
        ],
        " ",
      );
    case "companies":
      return joinDefined(
        [
          `HubSpot company ${name}` + (p.domain && p.domain !== name ? ` (${p.domain})` : "") + ".",
          p.industry && `Industry: ${p.industry}.`,
          (p.city || p.country) && `Location: ${joinDefined([p.city, p.country], ", ")}.`,
          p.numberofemployees && `Employees: ${p.numberofemployees}.`,
          p.annualrevenue && `Annual revenue: ${p.annualrevenue}.`,
          p.lifecyclestage && `Lifecycle stage: ${p.lifecyclestage}.`,
          owner(record, lookups),
        ],
        " ",
      );
    case "deals":
      return joinDefined(
        [
          `HubSpot deal ${name}.`,
          p.amount && `Amount: ${p.amount}.`,
          p.dealstage && `Stage: ${stage(p.dealstage, lookups)}.`,
          p.closedate && `Close date: ${p.closedate.slice(0, 10)}.`,
          p.dealtype && `Type: ${p.dealtype}.`,
          owner(record, lookups),
        ],
        " ",
      );
    case "tickets":
      return joinDefined(
        [
          `HubSpot ticket ${name}.`,
          p.hs_pipeline_stage && `Status: ${stage(p.hs_pipeline_stage, lookups)}.`,
          p.hs_ticket_priority && `Priority: ${p.hs_ticket_priority}.`,
          owner(record, lookups),
          p.content && `Description: ${clip(p.content)}`,
        ],
        " ",
      );
  }
}

export function recordUrl(objectType: CrmObjectType, id: string, portalId: number | undefined): string | undefined {
  if (portalId === undefined) return undefined;
  return `https://app.hubspot.com/contacts/${portalId}/record/${OBJECT_TYPES[objectType].typeId}/${id}`;
}

export interface MemoryOptions {
  readonly key: string;
  /** a sentence put before the description, e.g. "Deal stage changed to Closed won." */
  readonly headline?: string;
  /** when it happened; default: the record's last change */
  readonly timestamp?: string;
  readonly portalId?: number;
}

export function recordToMemory(record: CrmRecord, lookups: Lookups, options: MemoryOptions): MemoryRecord {
  const p = record.properties;
  const resolved: Record<string, string> = {};
  const stageId = p.dealstage ?? p.hs_pipeline_stage;
  if (stageId && lookups.stageLabels?.has(stageId)) resolved.stage = lookups.stageLabels.get(stageId) ?? stageId;
  if (p.hubspot_owner_id && lookups.ownerNames?.has(p.hubspot_owner_id)) {
    resolved.owner = lookups.ownerNames.get(p.hubspot_owner_id) ?? p.hubspot_owner_id;
  }
  const url = recordUrl(record.objectType, record.id, options.portalId);
  return {
    key: options.key,
    source: "hubspot",
    type: OBJECT_TYPES[record.objectType].noun,
    timestamp: options.timestamp ?? record.updatedAt,
    title: `${displayName(record)} (HubSpot ${OBJECT_TYPES[record.objectType].noun})`,
    content: joinDefined([options.headline, describe(record, lookups)], " "),
    record: { ...record, ...(Object.keys(resolved).length > 0 ? { resolved } : {}) },
    ...(url ? { url } : {}),
  };
}

export async function loadOwnerNames(api: HubspotApi, signal?: AbortSignal): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let after: string | undefined;
  do {
    const page = await api.listOwners({ limit: 100, after }, signal);
    for (const owner of page.results) {
      const name = joinDefined([owner.firstName ?? undefined, owner.lastName ?? undefined], " ") || owner.email;
      if (name) names.set(owner.id, name);
    }
    after = page.paging?.next?.after;
  } while (after);
  return names;
}
