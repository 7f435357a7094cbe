/**
 * Apollo's response bodies as documented (docs.apollo.io reference, the REST OpenAPI), parsed and
 * never trusted: only the fields we use, unknown ones dropped. Apollo sends null for most absent
 * values, so optional fields are nullish.
 */
import { z } from "zod";

const text = z.string().nullish();
const count = z.number().nullish();

export const paginationSchema = z.object({
  page: z.coerce.number().int(),
  per_page: z.coerce.number().int(),
  total_entries: z.number().int(),
  total_pages: z.number().int(),
});
export type RawPagination = z.infer<typeof paginationSchema>;

/** People API Search (`/mixed_people/api_search`): free, with last names and contact data masked. */
export const searchPersonSchema = z.object({
  id: z.string(),
  first_name: text,
  last_name_obfuscated: text,
  title: text,
  last_refreshed_at: text,
  has_email: z.boolean().nullish(),
  // "Yes" / "Maybe" in the documented examples; a boolean elsewhere
  has_direct_phone: z.union([z.string(), z.boolean()]).nullish(),
  organization: z.object({ name: text }).nullish(),
});
export type RawSearchPerson = z.infer<typeof searchPersonSchema>;

export const peopleSearchResponseSchema = z.object({
  total_entries: z.number().int(),
  people: z.array(searchPersonSchema),
});
export type RawPeopleSearchResponse = z.infer<typeof peopleSearchResponseSchema>;

export const phoneNumberSchema = z.object({
  raw_number: text,
  sanitized_number: text,
  type_cd: text,
  type: text,
  status_cd: text,
  confidence_cd: text,
});
export type RawPhoneNumber = z.infer<typeof phoneNumberSchema>;

export const organizationSchema = z.object({
  id: z.string(),
  name: text,
  website_url: text,
  primary_domain: text,
  linkedin_url: text,
  industry: text,
  estimated_num_employees: count,
  city: text,
  state: text,
  country: text,
  founded_year: count,
  phone: text,
});
export type RawOrganization = z.infer<typeof organizationSchema>;

/** An enriched person (`/people/match`, `/people/bulk_match`): emails and phones cost credits. */
export const personSchema = z.object({
  id: z.string(),
  first_name: text,
  last_name: text,
  name: text,
  title: text,
  headline: text,
  email: text,
  email_status: text,
  personal_emails: z.array(z.string()).nullish(),
  linkedin_url: text,
  city: text,
  state: text,
  country: text,
  organization_id: text,
  organization: organizationSchema.partial({ id: true }).nullish(),
  phone_numbers: z.array(phoneNumberSchema).nullish(),
});
export type RawPerson = z.infer<typeof personSchema>;

export const matchResponseSchema = z.object({
  person: personSchema.nullable(),
  request_id: z.union([z.string(), z.number()]).nullish(),
});
export type RawMatchResponse = z.infer<typeof matchResponseSchema>;

export const bulkMatchResponseSchema = z.object({
  status: text,
  error_message: text,
  total_requested_enrichments: count,
  unique_enriched_records: count,
  missing_records: count,
  credits_consumed: count,
  request_id: z.union([z.string(), z.number()]).nullish(),
  // null for a detail Apollo could not match
  matches: z.array(personSchema.nullable()),
});
export type RawBulkMatchResponse = z.infer<typeof bulkMatchResponseSchema>;

export const organizationEnrichResponseSchema = z.object({ organization: organizationSchema.nullish() });

export const organizationSearchResponseSchema = z.object({
  pagination: paginationSchema,
  organizations: z.array(organizationSchema).default([]),
  accounts: z.array(z.object({ id: z.string(), organization_id: text, name: text })).default([]),
});
export type RawOrganizationSearchResponse = z.infer<typeof organizationSearchResponseSchema>;

export const contactSchema = z.object({
  id: z.string(),
  first_name: text,
  last_name: text,
  name: text,
  title: text,
  email: text,
  email_status: text,
  organization_name: text,
  organization_id: text,
  account_id: text,
  owner_id: text,
  contact_stage_id: text,
  linkedin_url: text,
  sanitized_phone: text,
  present_raw_address: text,
  created_at: text,
  updated_at: text,
  last_activity_date: text,
  emailer_campaign_ids: z.array(z.string()).nullish(),
  label_ids: z.array(z.string()).nullish(),
});
export type RawContact = z.infer<typeof contactSchema>;

export const contactsSearchResponseSchema = z.object({ pagination: paginationSchema, contacts: z.array(contactSchema) });
export type RawContactsSearchResponse = z.infer<typeof contactsSearchResponseSchema>;
export const contactResponseSchema = z.object({ contact: contactSchema });

export const accountSchema = z.object({
  id: z.string(),
  name: text,
  domain: text,
  organization_id: text,
  owner_id: text,
  account_stage_id: text,
  phone: text,
  sanitized_phone: text,
  linkedin_url: text,
  raw_address: text,
  created_at: text,
  updated_at: text,
  last_activity_date: text,
  num_contacts: count,
  label_ids: z.array(z.string()).nullish(),
});
export type RawAccount = z.infer<typeof accountSchema>;

export const accountsSearchResponseSchema = z.object({ pagination: paginationSchema, accounts: z.array(accountSchema) });
export type RawAccountsSearchResponse = z.infer<typeof accountsSearchResponseSchema>;
export const accountResponseSchema = z.object({ account: accountSchema });

export const sequenceSchema = z.object({
  id: z.string(),
  name: text,
  active: z.boolean().nullish(),
  archived: z.boolean().nullish(),
  created_at: text,
  last_used_at: text,
  num_steps: count,
  user_id: text,
  unique_scheduled: count,
  unique_delivered: count,
  unique_opened: count,
  unique_replied: count,
});
export type RawSequence = z.infer<typeof sequenceSchema>;

export const sequencesSearchResponseSchema = z.object({ pagination: paginationSchema, emailer_campaigns: z.array(sequenceSchema) });

export const addContactsResponseSchema = z.object({
  contacts: z.array(contactSchema),
  emailer_campaign: sequenceSchema.nullish(),
});
export type RawAddContactsResponse = z.infer<typeof addContactsResponseSchema>;

export const emailAccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  user_id: text,
  type: text,
  active: z.boolean().nullish(),
  default: z.boolean().nullish(),
  provider_display_name: text,
  email_daily_threshold: count,
});
export const emailAccountsResponseSchema = z.object({ email_accounts: z.array(emailAccountSchema) });
export type RawEmailAccount = z.infer<typeof emailAccountSchema>;

const creditLineSchema = z.object({ limit: z.number().nullish(), consumed: z.number().nullish(), left_over: z.number().nullish() });
export const creditUsageResponseSchema = z.object({
  credit_usage_stats: z.record(z.string(), creditLineSchema),
  current_credit_cycle: z.object({ start_date: text, end_date: text }).nullish(),
});
export type RawCreditUsage = z.infer<typeof creditUsageResponseSchema>;

/** keys like `["api/v1/contacts", "search"]`, each with its day / hour / minute window */
export const apiUsageResponseSchema = z.record(
  z.string(),
  z.object({ day: creditLineSchema.nullish(), hour: creditLineSchema.nullish(), minute: creditLineSchema.nullish() }),
);
export type RawApiUsage = z.infer<typeof apiUsageResponseSchema>;
