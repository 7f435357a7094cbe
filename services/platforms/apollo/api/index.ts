/**
 * The Apollo REST API client (https://api.apollo.io/api/v1, `X-Api-Key`): typed functions over the
 * runtime's PlatformHttp (auth, pacing under api_calls_per_minute, retries, errors), each passing
 * first through Apollo's per-endpoint minute / hour / day windows (rate-windows.ts), which read the
 * x-rate-limit-* headers of every answer. Apollo has no official Node SDK; the endpoints are plain JSON.
 */
import type { ApiFactoryContext, HttpRequest } from "../../../runtime/contract.js";
import type { z } from "zod";
import { type CallbackUrl, mintCallbackUrl } from "./callback-url.js";
import { RateWindows, type RateWindowsOptions } from "./rate-windows.js";
import {
  type RawAccount,
  type RawAccountsSearchResponse,
  type RawAddContactsResponse,
  type RawApiUsage,
  type RawBulkMatchResponse,
  type RawContact,
  type RawContactsSearchResponse,
  type RawCreditUsage,
  type RawEmailAccount,
  type RawMatchResponse,
  type RawOrganization,
  type RawOrganizationSearchResponse,
  type RawPeopleSearchResponse,
  type RawSequence,
  accountResponseSchema,
  accountsSearchResponseSchema,
  addContactsResponseSchema,
  apiUsageResponseSchema,
  bulkMatchResponseSchema,
  contactResponseSchema,
  contactsSearchResponseSchema,
  creditUsageResponseSchema,
  emailAccountsResponseSchema,
  matchResponseSchema,
  organizationEnrichResponseSchema,
  organizationSearchResponseSchema,
  peopleSearchResponseSchema,
  sequencesSearchResponseSchema,
} from "../types/raw.js";
import type { RawPagination } from "../types/raw.js";

export const APOLLO_API = "https://api.apollo.io/api/v1";

/** How long a tool call waits for a rate window before failing with a retryable 429. */
export const TOOL_MAX_WAIT_MS = 60_000;
/** Syncs are patient: they wait out an hourly window rather than fail and start over. */
export const SYNC_MAX_WAIT_MS = 65 * 60_000;

export interface Call {
  readonly signal?: AbortSignal;
  /** longest wait for a rate window; default TOOL_MAX_WAIT_MS */
  readonly maxWaitMs?: number;
}

/** One person to match: any of Apollo's identifying fields (email, name + domain, LinkedIn URL, id...). */
export interface MatchDetails {
  readonly id?: string;
  readonly email?: string;
  readonly first_name?: string;
  readonly last_name?: string;
  readonly name?: string;
  readonly organization_name?: string;
  readonly domain?: string;
  readonly linkedin_url?: string;
}

export interface RevealOptions {
  readonly reveal_personal_emails?: boolean;
  readonly reveal_phone_number?: boolean;
  /** required by Apollo with reveal_phone_number: where the numbers are posted later */
  readonly webhook_url?: string;
}

export type SearchBody = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
export type ContactFields = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

export interface AddToSequenceRequest {
  readonly contact_ids: readonly string[];
  readonly send_email_from_email_account_id: string;
  readonly sequence_active_in_other_campaigns?: boolean;
  readonly sequence_finished_in_other_campaigns?: boolean;
  readonly status?: "active" | "paused";
}

export interface ApolloApi {
  searchPeople(body: SearchBody, call?: Call): Promise<RawPeopleSearchResponse>;
  searchOrganizations(body: SearchBody, call?: Call): Promise<RawOrganizationSearchResponse>;
  matchPerson(details: MatchDetails, reveal: RevealOptions, call?: Call): Promise<RawMatchResponse>;
  bulkMatchPeople(details: readonly MatchDetails[], reveal: RevealOptions, call?: Call): Promise<RawBulkMatchResponse>;
  enrichOrganization(domain: string, call?: Call): Promise<RawOrganization | undefined>;
  searchContacts(body: SearchBody, call?: Call): Promise<RawContactsSearchResponse>;
  createContact(fields: ContactFields, call?: Call): Promise<RawContact>;
  updateContact(id: string, fields: ContactFields, call?: Call): Promise<RawContact>;
  searchAccounts(body: SearchBody, call?: Call): Promise<RawAccountsSearchResponse>;
  createAccount(fields: ContactFields, call?: Call): Promise<RawAccount>;
  updateAccount(id: string, fields: ContactFields, call?: Call): Promise<RawAccount>;
  searchSequences(body: SearchBody, call?: Call): Promise<{ pagination: RawPagination; emailer_campaigns: RawSequence[] }>;
  addContactsToSequence(sequenceId: string, request: AddToSequenceRequest, call?: Call): Promise<RawAddContactsResponse>;
  listEmailAccounts(call?: Call): Promise<RawEmailAccount[]>;
  creditUsage(call?: Call): Promise<RawCreditUsage>;
  apiUsage(call?: Call): Promise<RawApiUsage>;
  /** the per-endpoint minute / hour / day windows (readiness, usage) */
  readonly rateWindows: RateWindows;
  /**
   * A fresh callback URL for one asynchronous request under `webhookUrl`, or undefined when
   * APOLLO_WEBHOOK_TOKEN is not set (then no callback can be verified, so none is asked for).
   */
  callbackUrl(webhookUrl: string, nowMs: number): CallbackUrl | undefined;
}

const segment = encodeURIComponent;

/** createApi with the rate windows' clock, sleep and window lengths given (tests, the benchmark). */
export function createApolloApi({ http, credentials }: ApiFactoryContext, windowOptions: RateWindowsOptions = {}): ApolloApi {
  const windows = new RateWindows(windowOptions);
  const secret = credentials.APOLLO_WEBHOOK_TOKEN ?? "";

  async function send<T>(endpoint: string, request: HttpRequest, schema: z.ZodType<T>, call: Call | undefined): Promise<T> {
    const seq = await windows.acquire(endpoint, call?.signal, call?.maxWaitMs ?? TOOL_MAX_WAIT_MS);
    return http.json({ ...request, signal: call?.signal, onResponse: ({ headers }) => windows.observe(endpoint, headers, seq) }, schema);
  }

  // Apollo's searches are reads it takes as POST: retried like a GET
  const search = <T>(path: string, schema: z.ZodType<T>) => (body: SearchBody, call?: Call) =>
    send(path, { method: "POST", url: `/${path}`, body, idempotent: true }, schema, call);

  return {
    searchPeople: search("mixed_people/api_search", peopleSearchResponseSchema),
    searchOrganizations: search("mixed_companies/search", organizationSearchResponseSchema),
    matchPerson: (details, reveal, call) => send("people/match", { method: "POST", url: "/people/match", body: { ...details, ...reveal } }, matchResponseSchema, call),
    bulkMatchPeople: (details, reveal, call) =>
      send("people/bulk_match", { method: "POST", url: "/people/bulk_match", body: { details, ...reveal } }, bulkMatchResponseSchema, call),
    enrichOrganization: async (domain, call) =>
      (await send("organizations/enrich", { method: "GET", url: "/organizations/enrich", query: { domain } }, organizationEnrichResponseSchema, call)).organization ?? undefined,
    searchContacts: search("contacts/search", contactsSearchResponseSchema),
    createContact: async (fields, call) => (await send("contacts/create", { method: "POST", url: "/contacts", body: fields }, contactResponseSchema, call)).contact,
    updateContact: async (id, fields, call) =>
      (await send("contacts/update", { method: "PATCH", url: `/contacts/${segment(id)}`, body: fields }, contactResponseSchema, call)).contact,
    searchAccounts: search("accounts/search", accountsSearchResponseSchema),
    createAccount: async (fields, call) => (await send("accounts/create", { method: "POST", url: "/accounts", body: fields }, accountResponseSchema, call)).account,
    updateAccount: async (id, fields, call) =>
      (await send("accounts/update", { method: "PATCH", url: `/accounts/${segment(id)}`, body: fields }, accountResponseSchema, call)).account,
    searchSequences: search("emailer_campaigns/search", sequencesSearchResponseSchema),
    addContactsToSequence: (sequenceId, request, call) =>
      send(
        "emailer_campaigns/add_contact_ids",
        { method: "POST", url: `/emailer_campaigns/${segment(sequenceId)}/add_contact_ids`, body: { emailer_campaign_id: sequenceId, ...request } },
        addContactsResponseSchema,
        call,
      ),
    listEmailAccounts: async (call) => (await send("email_accounts", { method: "GET", url: "/email_accounts" }, emailAccountsResponseSchema, call)).email_accounts,
    creditUsage: (call) => send("usage_stats/credit_usage_stats", { method: "POST", url: "/usage_stats/credit_usage_stats", body: {}, idempotent: true }, creditUsageResponseSchema, call),
    apiUsage: (call) => send("usage_stats/api_usage_stats", { method: "POST", url: "/usage_stats/api_usage_stats", body: {}, idempotent: true }, apiUsageResponseSchema, call),
    rateWindows: windows,
    callbackUrl: (webhookUrl, nowMs) => (secret === "" ? undefined : mintCallbackUrl(secret, webhookUrl, nowMs)),
  };
}

export function createApi(ctx: ApiFactoryContext): ApolloApi {
  return createApolloApi(ctx);
}
