/** Our normalized shapes of Apollo records (tool outputs and memory records), built from the raw ones. */
import { z } from "zod";
import type { RawAccount, RawContact, RawOrganization, RawPagination, RawPerson, RawPhoneNumber, RawSearchPerson, RawSequence, RawEmailAccount } from "./raw.js";

/** Apollo's searches show at most 50,000 records: 100 per page, 500 pages. */
export const SEARCH_DISPLAY_LIMIT = 50_000;
export const MAX_PER_PAGE = 100;
export const MAX_PAGE = 500;

const APP = "https://app.apollo.io/#";
export const appUrl = (kind: "people" | "organizations" | "contacts" | "accounts" | "sequences", id: string): string => `${APP}/${kind}/${encodeURIComponent(id)}`;

const nn = (value: string | null | undefined): string | undefined => (value === null || value === undefined || value === "" ? undefined : value);
const num = (value: number | null | undefined): number | undefined => (value === null || value === undefined ? undefined : value);

export const paginationOutSchema = z.object({
  page: z.number().int(),
  perPage: z.number().int(),
  totalEntries: z.number().int().describe("all matches Apollo counts"),
  reachableEntries: z.number().int().describe("how many of them paging can reach: at most 50,000 (500 pages of 100)"),
  hasMore: z.boolean(),
});
export type Pagination = z.infer<typeof paginationOutSchema>;

export function toPagination(raw: RawPagination): Pagination {
  const reachable = Math.min(raw.total_entries, SEARCH_DISPLAY_LIMIT);
  return {
    page: raw.page,
    perPage: raw.per_page,
    totalEntries: raw.total_entries,
    reachableEntries: reachable,
    hasMore: raw.page < raw.total_pages && raw.page * raw.per_page < reachable && raw.page < MAX_PAGE,
  };
}

export const prospectSchema = z.object({
  id: z.string(),
  firstName: z.string().optional(),
  lastNameMasked: z.string().optional(),
  title: z.string().optional(),
  organizationName: z.string().optional(),
  hasEmail: z.boolean().optional(),
  hasDirectPhone: z.string().optional(),
  lastRefreshedAt: z.string().optional(),
  url: z.string(),
});
export type Prospect = z.infer<typeof prospectSchema>;

export function toProspect(raw: RawSearchPerson): Prospect {
  return {
    id: raw.id,
    firstName: nn(raw.first_name),
    lastNameMasked: nn(raw.last_name_obfuscated),
    title: nn(raw.title),
    organizationName: nn(raw.organization?.name),
    hasEmail: raw.has_email ?? undefined,
    hasDirectPhone: raw.has_direct_phone === null || raw.has_direct_phone === undefined ? undefined : String(raw.has_direct_phone),
    lastRefreshedAt: nn(raw.last_refreshed_at),
    url: appUrl("people", raw.id),
  };
}

export const phoneSchema = z.object({ number: z.string(), type: z.string().optional(), status: z.string().optional(), confidence: z.string().optional() });
export type Phone = z.infer<typeof phoneSchema>;

export function toPhones(raw: readonly RawPhoneNumber[] | null | undefined): Phone[] {
  return (raw ?? []).flatMap((phone) => {
    const number = nn(phone.sanitized_number) ?? nn(phone.raw_number);
    if (number === undefined) return [];
    return [{ number, type: nn(phone.type_cd) ?? nn(phone.type), status: nn(phone.status_cd), confidence: nn(phone.confidence_cd) }];
  });
}

export const organizationOutSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  domain: z.string().optional(),
  websiteUrl: z.string().optional(),
  linkedinUrl: z.string().optional(),
  industry: z.string().optional(),
  employees: z.number().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  country: z.string().optional(),
  foundedYear: z.number().optional(),
  phone: z.string().optional(),
  url: z.string(),
});
export type Organization = z.infer<typeof organizationOutSchema>;

export function toOrganization(raw: RawOrganization): Organization {
  return {
    id: raw.id,
    name: nn(raw.name),
    domain: nn(raw.primary_domain),
    websiteUrl: nn(raw.website_url),
    linkedinUrl: nn(raw.linkedin_url),
    industry: nn(raw.industry),
    employees: num(raw.estimated_num_employees),
    city: nn(raw.city),
    state: nn(raw.state),
    country: nn(raw.country),
    foundedYear: num(raw.founded_year),
    phone: nn(raw.phone),
    url: appUrl("organizations", raw.id),
  };
}

export const personOutSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  email: z.string().optional(),
  emailStatus: z.string().optional(),
  personalEmails: z.array(z.string()),
  phones: z.array(phoneSchema),
  linkedinUrl: z.string().optional(),
  location: z.string().optional(),
  organizationId: z.string().optional(),
  organizationName: z.string().optional(),
  url: z.string(),
});
export type Person = z.infer<typeof personOutSchema>;

export function personName(raw: { name?: string | null; first_name?: string | null; last_name?: string | null }): string | undefined {
  return nn(raw.name) ?? nn([raw.first_name, raw.last_name].filter((part) => part !== null && part !== undefined && part !== "").join(" "));
}

function location(raw: { city?: string | null; state?: string | null; country?: string | null }): string | undefined {
  return nn([raw.city, raw.state, raw.country].filter((part) => part !== null && part !== undefined && part !== "").join(", "));
}

export function toPerson(raw: RawPerson): Person {
  return {
    id: raw.id,
    name: personName(raw),
    title: nn(raw.title),
    email: nn(raw.email),
    emailStatus: nn(raw.email_status),
    personalEmails: raw.personal_emails ?? [],
    phones: toPhones(raw.phone_numbers),
    linkedinUrl: nn(raw.linkedin_url),
    location: location(raw),
    organizationId: nn(raw.organization_id) ?? nn(raw.organization?.id),
    organizationName: nn(raw.organization?.name),
    url: appUrl("people", raw.id),
  };
}

/** When a record saved in the team's Apollo (a contact, an account) was created, last changed and last active. */
const savedRecordTimesShape = {
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  lastActivityAt: z.string().optional(),
};

function savedRecordTimes(raw: RawContact | RawAccount): { createdAt?: string; updatedAt?: string; lastActivityAt?: string } {
  return { createdAt: nn(raw.created_at), updatedAt: nn(raw.updated_at), lastActivityAt: nn(raw.last_activity_date) };
}

export const contactOutSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  email: z.string().optional(),
  emailStatus: z.string().optional(),
  organizationName: z.string().optional(),
  accountId: z.string().optional(),
  ownerId: z.string().optional(),
  stageId: z.string().optional(),
  phone: z.string().optional(),
  linkedinUrl: z.string().optional(),
  location: z.string().optional(),
  sequenceIds: z.array(z.string()),
  ...savedRecordTimesShape,
  url: z.string(),
});
export type Contact = z.infer<typeof contactOutSchema>;

export function toContact(raw: RawContact): Contact {
  return {
    id: raw.id,
    name: personName(raw),
    title: nn(raw.title),
    email: nn(raw.email),
    emailStatus: nn(raw.email_status),
    organizationName: nn(raw.organization_name),
    accountId: nn(raw.account_id),
    ownerId: nn(raw.owner_id),
    stageId: nn(raw.contact_stage_id),
    phone: nn(raw.sanitized_phone),
    linkedinUrl: nn(raw.linkedin_url),
    location: nn(raw.present_raw_address),
    sequenceIds: raw.emailer_campaign_ids ?? [],
    ...savedRecordTimes(raw),
    url: appUrl("contacts", raw.id),
  };
}

export const accountOutSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  domain: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  ownerId: z.string().optional(),
  stageId: z.string().optional(),
  linkedinUrl: z.string().optional(),
  organizationId: z.string().optional(),
  contacts: z.number().optional(),
  ...savedRecordTimesShape,
  url: z.string(),
});
export type Account = z.infer<typeof accountOutSchema>;

export function toAccount(raw: RawAccount): Account {
  return {
    id: raw.id,
    name: nn(raw.name),
    domain: nn(raw.domain),
    phone: nn(raw.sanitized_phone) ?? nn(raw.phone),
    address: nn(raw.raw_address),
    ownerId: nn(raw.owner_id),
    stageId: nn(raw.account_stage_id),
    linkedinUrl: nn(raw.linkedin_url),
    organizationId: nn(raw.organization_id),
    contacts: num(raw.num_contacts),
    ...savedRecordTimes(raw),
    url: appUrl("accounts", raw.id),
  };
}

export const sequenceOutSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  active: z.boolean(),
  archived: z.boolean(),
  steps: z.number().optional(),
  ownerUserId: z.string().optional(),
  createdAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
  delivered: z.number().optional(),
  opened: z.number().optional(),
  replied: z.number().optional(),
  url: z.string(),
});
export type Sequence = z.infer<typeof sequenceOutSchema>;

export function toSequence(raw: RawSequence): Sequence {
  return {
    id: raw.id,
    name: nn(raw.name),
    active: raw.active ?? false,
    archived: raw.archived ?? false,
    steps: num(raw.num_steps),
    ownerUserId: nn(raw.user_id),
    createdAt: nn(raw.created_at),
    lastUsedAt: nn(raw.last_used_at),
    delivered: num(raw.unique_delivered),
    opened: num(raw.unique_opened),
    replied: num(raw.unique_replied),
    url: appUrl("sequences", raw.id),
  };
}

export const emailAccountOutSchema = z.object({
  id: z.string(),
  email: z.string(),
  userId: z.string().optional(),
  provider: z.string().optional(),
  active: z.boolean(),
  isDefault: z.boolean(),
  dailyLimit: z.number().optional(),
});
export type EmailAccount = z.infer<typeof emailAccountOutSchema>;

export function toEmailAccount(raw: RawEmailAccount): EmailAccount {
  return {
    id: raw.id,
    email: raw.email,
    userId: nn(raw.user_id),
    provider: nn(raw.provider_display_name) ?? nn(raw.type),
    active: raw.active ?? false,
    isDefault: raw.default ?? false,
    dailyLimit: num(raw.email_daily_threshold),
  };
}
