/**
 * The HubSpot API client: thin typed functions over the runtime's PlatformHttp, which owns auth,
 * retries, Retry-After, rate limiting and error mapping. No policy lives here.
 *
 * Why not @hubspot/api-client: its generated clients always send through their own node-fetch
 * transport (`IsomorphicFetchHttpLibrary`; the top-level Client offers no way to pass another
 * `httpApi`) and wrap calls in their own Bottleneck limiter and retry decorator. Routing through it
 * would either bypass our rate limits and circuit breaker or stack a second retry layer on top.
 * The endpoints we need are few and plain JSON, so we call them directly and parse every response.
 */
import { expiringCache } from "../../../runtime/cache.js";
import type { ApiFactoryContext } from "../../../runtime/contract.js";
import { type CrmObjectType, ENGAGEMENT_ASSOCIATION_TYPE_IDS, type EngagementType } from "../types/objects.js";
import {
  type RawAssociationList,
  type RawCrmObject,
  type RawDefaultAssociationResponse,
  type RawOwnersResponse,
  type RawPipelinesResponse,
  type RawSearchResponse,
  associationListSchema,
  crmObjectSchema,
  defaultAssociationResponseSchema,
  ownersResponseSchema,
  pipelinesResponseSchema,
  searchResponseSchema,
} from "../types/raw.js";

export const SEARCH_OPERATORS = [
  "EQ",
  "NEQ",
  "LT",
  "LTE",
  "GT",
  "GTE",
  "BETWEEN",
  "IN",
  "NOT_IN",
  "HAS_PROPERTY",
  "NOT_HAS_PROPERTY",
  "CONTAINS_TOKEN",
  "NOT_CONTAINS_TOKEN",
] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export interface SearchFilter {
  readonly propertyName: string;
  readonly operator: SearchOperator;
  readonly value?: string;
  readonly highValue?: string;
  readonly values?: readonly string[];
}

export interface SearchRequest {
  /** groups are ORed, filters inside a group ANDed */
  readonly filterGroups?: readonly { readonly filters: readonly SearchFilter[] }[];
  readonly sorts?: readonly { readonly propertyName: string; readonly direction: "ASCENDING" | "DESCENDING" }[];
  /** free text over the object's default searchable properties */
  readonly query?: string;
  readonly properties?: readonly string[];
  readonly limit: number;
  readonly after?: string;
}

export interface EngagementInput {
  readonly properties: Readonly<Record<string, string>>;
  readonly associateWith: { readonly objectType: CrmObjectType; readonly objectId: string };
}

export interface HubspotApi {
  searchObjects(objectType: CrmObjectType, request: SearchRequest, signal?: AbortSignal): Promise<RawSearchResponse>;
  getObject(
    objectType: CrmObjectType,
    id: string,
    options: { properties: readonly string[]; associations?: readonly CrmObjectType[]; idProperty?: string },
    signal?: AbortSignal,
  ): Promise<RawCrmObject>;
  createObject(objectType: CrmObjectType, properties: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<RawCrmObject>;
  updateObject(
    objectType: CrmObjectType,
    id: string,
    properties: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ): Promise<RawCrmObject>;
  listAssociations(
    from: { objectType: CrmObjectType; id: string },
    toObjectType: CrmObjectType,
    page: { limit: number; after?: string },
    signal?: AbortSignal,
  ): Promise<RawAssociationList>;
  associateDefault(
    from: { objectType: CrmObjectType; id: string },
    to: { objectType: CrmObjectType; id: string },
    signal?: AbortSignal,
  ): Promise<RawDefaultAssociationResponse>;
  createEngagement(kind: EngagementType, input: EngagementInput, signal?: AbortSignal): Promise<RawCrmObject>;
  listOwners(page: { limit: number; after?: string; email?: string }, signal?: AbortSignal): Promise<RawOwnersResponse>;
  listPipelines(objectType: "deals" | "tickets", signal?: AbortSignal): Promise<RawPipelinesResponse>;
  /**
   * Stage labels by stage id ("Sales / Closed won" when there are several pipelines), for memories
   * that name a deal's or ticket's stage; cached, so a burst of deal events reads the pipelines once.
   */
  stageLabels(objectType: "deals" | "tickets", signal?: AbortSignal): Promise<ReadonlyMap<string, string>>;
}

/** Pipelines change rarely; a renamed stage shows in memories within this long. */
const STAGE_LABELS_TTL_MS = 10 * 60_000;

function labelsOf({ results }: RawPipelinesResponse): Map<string, string> {
  const labels = new Map<string, string>();
  for (const pipeline of results) {
    for (const pipelineStage of pipeline.stages) {
      labels.set(pipelineStage.id, results.length > 1 ? `${pipeline.label} / ${pipelineStage.label}` : pipelineStage.label);
    }
  }
  return labels;
}

const segment = encodeURIComponent;

export function createApi({ http }: ApiFactoryContext): HubspotApi {
  const stageLabelCache = expiringCache<ReadonlyMap<string, string>>({ maxEntries: 2, ttlMs: STAGE_LABELS_TTL_MS });
  const listPipelines: HubspotApi["listPipelines"] = (objectType, signal) =>
    http.json({ method: "GET", url: `/crm/v3/pipelines/${objectType}`, signal }, pipelinesResponseSchema);
  return {
    // a read HubSpot takes as POST (the filters go in the body): retried like a GET
    searchObjects: (objectType, request, signal) =>
      http.json({ method: "POST", url: `/crm/v3/objects/${objectType}/search`, body: request, signal, idempotent: true }, searchResponseSchema),

    getObject: (objectType, id, options, signal) =>
      http.json(
        {
          method: "GET",
          url: `/crm/v3/objects/${objectType}/${segment(id)}`,
          query: {
            properties: options.properties.join(","),
            associations: options.associations && options.associations.length > 0 ? options.associations.join(",") : undefined,
            idProperty: options.idProperty,
          },
          signal,
        },
        crmObjectSchema,
      ),

    createObject: (objectType, properties, signal) =>
      http.json({ method: "POST", url: `/crm/v3/objects/${objectType}`, body: { properties }, signal }, crmObjectSchema),

    updateObject: (objectType, id, properties, signal) =>
      http.json(
        { method: "PATCH", url: `/crm/v3/objects/${objectType}/${segment(id)}`, body: { properties }, signal },
        crmObjectSchema,
      ),

    listAssociations: (from, toObjectType, page, signal) =>
      http.json(
        {
          method: "GET",
          url: `/crm/v4/objects/${from.objectType}/${segment(from.id)}/associations/${toObjectType}`,
          query: { limit: page.limit, after: page.after },
          signal,
        },
        associationListSchema,
      ),

    associateDefault: (from, to, signal) =>
      http.json(
        {
          method: "PUT",
          url: `/crm/v4/objects/${from.objectType}/${segment(from.id)}/associations/default/${to.objectType}/${segment(to.id)}`,
          signal,
        },
        defaultAssociationResponseSchema,
      ),

    createEngagement: (kind, input, signal) =>
      http.json(
        {
          method: "POST",
          url: `/crm/v3/objects/${kind}`,
          body: {
            properties: input.properties,
            associations: [
              {
                to: { id: input.associateWith.objectId },
                types: [
                  {
                    associationCategory: "HUBSPOT_DEFINED",
                    associationTypeId: ENGAGEMENT_ASSOCIATION_TYPE_IDS[kind][input.associateWith.objectType],
                  },
                ],
              },
            ],
          },
          signal,
        },
        crmObjectSchema,
      ),

    listOwners: (page, signal) =>
      http.json(
        {
          method: "GET",
          url: "/crm/v3/owners",
          query: { limit: page.limit, after: page.after, email: page.email, archived: false },
          signal,
        },
        ownersResponseSchema,
      ),

    listPipelines,
    stageLabels: (objectType, signal) => stageLabelCache.getOrLoad(objectType, async () => labelsOf(await listPipelines(objectType, signal))),
  };
}
