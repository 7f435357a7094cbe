/**
 * HubSpot's own response shapes (CRM v3 objects and search, v4 associations, owners, pipelines),
 * parsed at the boundary. Only the fields we read are declared; objects are not
 * strict, so fields HubSpot adds later pass through without breaking us.
 */
import { z } from "zod";

/** `paging.next.after` is the cursor of the next page; absent on the last page. */
export const pagingSchema = z
  .object({
    next: z.object({ after: z.string(), link: z.string().optional() }).optional(),
  })
  .optional();

/** Property values are strings or null in every v3 object response (numbers and dates included). */
export const propertiesSchema = z.record(z.string(), z.string().nullable());

const associationRefSchema = z.object({ id: z.string(), type: z.string().optional() });

/** A CRM record: GET /crm/v3/objects/{type}/{id}, POST (create), PATCH (update), search results. */
export const crmObjectSchema = z.object({
  id: z.string(),
  properties: propertiesSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
  archivedAt: z.string().optional(),
  /** present on GET when `associations=` was requested: { companies: { results: [{ id, type }] } } */
  associations: z
    .record(z.string(), z.object({ results: z.array(associationRefSchema), paging: pagingSchema }))
    .optional(),
});
export type RawCrmObject = z.infer<typeof crmObjectSchema>;

/** POST /crm/v3/objects/{type}/search */
export const searchResponseSchema = z.object({
  total: z.number().int(),
  results: z.array(crmObjectSchema),
  paging: pagingSchema,
});
export type RawSearchResponse = z.infer<typeof searchResponseSchema>;

/** GET /crm/v4/objects/{from}/{id}/associations/{to} */
export const associationListSchema = z.object({
  results: z.array(
    z.object({
      toObjectId: z.union([z.number(), z.string()]).transform(String),
      associationTypes: z.array(
        z.object({
          category: z.string(),
          typeId: z.number().int(),
          label: z.string().nullable().optional(),
        }),
      ),
    }),
  ),
  paging: pagingSchema,
});
export type RawAssociationList = z.infer<typeof associationListSchema>;

/** PUT /crm/v4/objects/{from}/{id}/associations/default/{to}/{toId} */
export const defaultAssociationResponseSchema = z.object({
  status: z.string().optional(),
  results: z
    .array(
      z.object({
        from: z.object({ id: z.string() }).optional(),
        to: z.object({ id: z.string() }).optional(),
        associationSpec: z
          .object({ associationCategory: z.string(), associationTypeId: z.number().int() })
          .optional(),
      }),
    )
    .default([]),
});
export type RawDefaultAssociationResponse = z.infer<typeof defaultAssociationResponseSchema>;

/** GET /crm/v3/owners */
export const ownersResponseSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      email: z.string().nullable().optional(),
      firstName: z.string().nullable().optional(),
      lastName: z.string().nullable().optional(),
      userId: z.number().int().nullable().optional(),
      archived: z.boolean().optional(),
      teams: z.array(z.object({ id: z.string(), name: z.string(), primary: z.boolean().optional() })).optional(),
    }),
  ),
  paging: pagingSchema,
});
export type RawOwnersResponse = z.infer<typeof ownersResponseSchema>;

/** GET /crm/v3/pipelines/{objectType} */
export const pipelinesResponseSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      displayOrder: z.number(),
      archived: z.boolean().optional(),
      stages: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          displayOrder: z.number(),
          archived: z.boolean().optional(),
          /** deal stages: probability ("0.2") and isClosed ("true"); ticket stages: ticketState ("OPEN"/"CLOSED") */
          metadata: z.record(z.string(), z.string().nullable()).optional(),
        }),
      ),
    }),
  ),
});
export type RawPipelinesResponse = z.infer<typeof pipelinesResponseSchema>;
