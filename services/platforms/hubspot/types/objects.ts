/**
 * The CRM object types our tools and syncs work with, and what we know about each: the properties
 * worth showing a model by default, the property that holds the last-modified time (contacts use a
 * different name from everything else), and the HubSpot-defined association type ids for attaching
 * notes and tasks.
 */
import { z } from "zod";

export const CRM_OBJECT_TYPES = ["contacts", "companies", "deals", "tickets"] as const;
export const crmObjectTypeSchema = z.enum(CRM_OBJECT_TYPES);
export type CrmObjectType = z.infer<typeof crmObjectTypeSchema>;

/** Engagement object types we create (notes and tasks) in addition to the CRM records above. */
export type EngagementType = "notes" | "tasks";

export interface ObjectTypeInfo {
  /** singular noun for text: "contact" */
  readonly noun: string;
  /** the property HubSpot bumps on every change; contacts predate the hs_ prefix */
  readonly lastModifiedProperty: string;
  /** returned when the caller names none: enough to recognise and reason about a record */
  readonly defaultProperties: readonly string[];
  /** HubSpot's object type id, used in record URLs (/contacts/{portal}/record/0-1/{id}) */
  readonly typeId: string;
}

export const OBJECT_TYPES: Readonly<Record<CrmObjectType, ObjectTypeInfo>> = {
  contacts: {
    noun: "contact",
    lastModifiedProperty: "lastmodifieddate",
    typeId: "0-1",
    defaultProperties: [
      "firstname",
      "lastname",
      "email",
      "phone",
      "company",
      "jobtitle",
      "lifecyclestage",
      "hs_lead_status",
      "hubspot_owner_id",
      "createdate",
      "lastmodifieddate",
    ],
  },
  companies: {
    noun: "company",
    lastModifiedProperty: "hs_lastmodifieddate",
    typeId: "0-2",
    defaultProperties: [
      "name",
      "domain",
      "industry",
      "city",
      "country",
      "numberofemployees",
      "annualrevenue",
      "lifecyclestage",
      "hubspot_owner_id",
      "createdate",
      "hs_lastmodifieddate",
    ],
  },
  deals: {
    noun: "deal",
    lastModifiedProperty: "hs_lastmodifieddate",
    typeId: "0-3",
    defaultProperties: [
      "dealname",
      "amount",
      "dealstage",
      "pipeline",
      "closedate",
      "dealtype",
      "hubspot_owner_id",
      "createdate",
      "hs_lastmodifieddate",
    ],
  },
  tickets: {
    noun: "ticket",
    lastModifiedProperty: "hs_lastmodifieddate",
    typeId: "0-5",
    defaultProperties: [
      "subject",
      "content",
      "hs_pipeline",
      "hs_pipeline_stage",
      "hs_ticket_priority",
      "hubspot_owner_id",
      "createdate",
      "hs_lastmodifieddate",
    ],
  },
};

/**
 * HUBSPOT_DEFINED association type ids from an engagement to a record, as listed in HubSpot's
 * association type table (the same values as the SDK's `AssociationTypes` enum, which a test
 * checks). Creating the association inline saves a second request per note or task.
 */
export const ENGAGEMENT_ASSOCIATION_TYPE_IDS: Readonly<Record<EngagementType, Readonly<Record<CrmObjectType, number>>>> = {
  notes: { contacts: 202, companies: 190, deals: 214, tickets: 228 },
  tasks: { contacts: 204, companies: 192, deals: 216, tickets: 230 },
};

/** The singular event-name prefix HubSpot webhooks use ("contact.creation") mapped to our types. */
export const WEBHOOK_OBJECT_PREFIXES: Readonly<Record<string, CrmObjectType>> = {
  contact: "contacts",
  company: "companies",
  deal: "deals",
  ticket: "tickets",
};
