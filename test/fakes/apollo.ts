/**
 * Apollo's REST API on loopback (https://api.apollo.io/api/v1 as documented in docs.apollo.io and
 * its OpenAPI): an in-memory team (contacts, accounts, sequences, mailboxes, credits) and a small
 * people / company database, in Apollo's own shapes (`pagination`, `people` with masked last names
 * from api_search, `matches` with nulls from bulk_match, null-heavy records).
 *
 * It enforces what Apollo enforces: the `X-Api-Key` header; per-endpoint minute, hour and day
 * windows (rolling, on its own clock) with the x-rate-limit-* / x-*-usage / x-*-requests-left
 * headers on every answer and 429 beyond them; the 50,000-record display limit (500 pages of 100);
 * at most 10 details per bulk match; `webhook_url` required with reveal_phone_number. It checks what
 * we send strictly (unknown body fields are rejected); any request it does not recognise is answered
 * 400/404 and listed in `unexpected`, which tests assert is empty.
 */
import { z } from "zod";
import { type DeclaredFake, DeclaredPlatformFake, type FakeAnswer, type FakeRequest, FakeRejection, type FakeRoute, startDeclared } from "../support/loopback.js";

export interface FakeLimits {
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
}
export const APOLLO_DEFAULT_LIMITS: FakeLimits = { minute: 200, hour: 400, day: 2_000 };
const WINDOW_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export interface FakeContact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  name: string | null;
  title: string | null;
  email: string | null;
  email_status: string | null;
  organization_name: string | null;
  organization_id: string | null;
  account_id: string | null;
  owner_id: string | null;
  contact_stage_id: string | null;
  linkedin_url: string | null;
  sanitized_phone: string | null;
  present_raw_address: string | null;
  created_at: string;
  updated_at: string;
  last_activity_date: string | null;
  emailer_campaign_ids: string[];
  label_ids: string[];
}
export interface FakeAccount {
  id: string;
  name: string | null;
  domain: string | null;
  organization_id: string | null;
  owner_id: string | null;
  account_stage_id: string | null;
  phone: string | null;
  sanitized_phone: string | null;
  linkedin_url: string | null;
  raw_address: string | null;
  created_at: string;
  updated_at: string;
  last_activity_date: string | null;
  num_contacts: number;
  label_ids: string[];
}
export interface FakePerson {
  id: string;
  first_name: string;
  last_name: string;
  title: string;
  email: string;
  linkedin_url: string;
  city: string;
  country: string;
  organization: { id: string; name: string; primary_domain: string };
  personal_emails: string[];
  seniority: string;
}
export interface FakeOrganization {
  id: string;
  name: string;
  primary_domain: string;
  website_url: string;
  industry: string;
  estimated_num_employees: number;
  city: string;
  country: string;
  founded_year: number;
}
export interface FakeSequence {
  id: string;
  name: string;
  active: boolean;
  archived: boolean;
  created_at: string;
  num_steps: number;
  user_id: string;
}
export type RecordedRequest = FakeRequest;

const list = z.array(z.string().min(1));
const page = { page: z.number().int().min(1), per_page: z.number().int().min(1).max(100) };
const peopleSearchBody = z.strictObject({
  q_keywords: z.string().optional(),
  person_titles: list.optional(),
  include_similar_titles: z.boolean().optional(),
  person_seniorities: list.optional(),
  person_locations: list.optional(),
  q_organization_domains_list: list.optional(),
  organization_ids: list.optional(),
  organization_locations: list.optional(),
  organization_num_employees_ranges: z.array(z.string().regex(/^\d+,\d+$/)).optional(),
  ...page,
});
const companiesSearchBody = z.strictObject({
  q_organization_name: z.string().optional(),
  q_organization_keyword_tags: list.optional(),
  q_organization_domains_list: list.optional(),
  organization_ids: list.optional(),
  organization_locations: list.optional(),
  organization_not_locations: list.optional(),
  organization_num_employees_ranges: z.array(z.string().regex(/^\d+,\d+$/)).optional(),
  ...page,
});
const matchDetail = z.strictObject({
  id: z.string().optional(),
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  name: z.string().optional(),
  organization_name: z.string().optional(),
  domain: z.string().optional(),
  linkedin_url: z.string().optional(),
});
const reveal = { reveal_personal_emails: z.literal(true).optional(), reveal_phone_number: z.literal(true).optional(), webhook_url: z.string().url().optional() };
const matchBody = matchDetail.extend(reveal).strict();
const bulkMatchBody = z.strictObject({ details: z.array(matchDetail).min(1), ...reveal });
const contactsSearchBody = z.strictObject({
  q_keywords: z.string().optional(),
  contact_stage_ids: list.optional(),
  contact_label_ids: list.optional(),
  sort_by_field: z.enum(["contact_last_activity_date", "contact_created_at", "contact_updated_at", "contact_email_last_opened_at", "contact_email_last_clicked_at"]).optional(),
  sort_ascending: z.boolean().optional(),
  ...page,
});
const accountsSearchBody = z.strictObject({
  q_organization_name: z.string().optional(),
  account_stage_ids: list.optional(),
  account_label_ids: list.optional(),
  sort_by_field: z.enum(["account_last_activity_date", "account_created_at", "account_updated_at"]).optional(),
  sort_ascending: z.boolean().optional(),
  ...page,
});
const contactBody = z.strictObject({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  email: z.string().optional(),
  title: z.string().optional(),
  organization_name: z.string().optional(),
  account_id: z.string().optional(),
  website_url: z.string().optional(),
  present_raw_address: z.string().optional(),
  direct_phone: z.string().optional(),
  mobile_phone: z.string().optional(),
  label_names: list.optional(),
  run_dedupe: z.literal(true).optional(),
});
const accountBody = z.strictObject({
  name: z.string().optional(),
  domain: z.string().optional(),
  phone: z.string().optional(),
  raw_address: z.string().optional(),
  owner_id: z.string().optional(),
  account_stage_id: z.string().optional(),
});
const sequencesSearchBody = z.strictObject({ q_name: z.string().optional(), ...page });
const addContactsBody = z.strictObject({
  emailer_campaign_id: z.string(),
  contact_ids: list.min(1),
  send_email_from_email_account_id: z.string().min(1),
  sequence_active_in_other_campaigns: z.literal(true).optional(),
  sequence_finished_in_other_campaigns: z.literal(true).optional(),
  status: z.enum(["active", "paused"]).optional(),
});
const emptyBody = z.strictObject({});

/** Apollo answers errors in several shapes; the body is the one it gives for this one. */
class Rejection extends FakeRejection {
  constructor(
    status: number,
    readonly body: unknown,
    /** an answer Apollo would give to a request we are allowed to make (a test provokes it) */
    expected = false,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(status, typeof body === "string" ? body : JSON.stringify(body), "apollo", expected, headers);
  }
}

interface EndpointWindows {
  starts: number[];
}

export class ApolloFake extends DeclaredPlatformFake {
  /** 429s answered: a client that paces itself right sees none */
  rejected429 = 0;
  readonly contacts = new Map<string, FakeContact>();
  readonly accounts = new Map<string, FakeAccount>();
  readonly people: FakePerson[] = [];
  readonly organizations: FakeOrganization[] = [];
  readonly sequences: FakeSequence[] = [];
  readonly emailAccounts = [
    { id: "6630ffa2a7f52601c7578345", user_id: "66302798d03b9601c7934ebc", email: "sam@ourco.example", type: "gmail", active: true, default: true, provider_display_name: "Gmail", email_daily_threshold: 50 },
  ];
  /** per sequence id: the contacts enrolled and from which mailbox */
  readonly enrolled = new Map<string, { contactId: string; emailAccountId: string; status: string }[]>();
  creditsConsumed = 0;
  /** webhook_url values handed to Apollo with phone reveals, in order */
  readonly callbackUrls: string[] = [];
  limits: FakeLimits;
  windowMs: { minute: number; hour: number; day: number } = { ...WINDOW_MS };
  /** the fake's clock for its windows; tests share a virtual one with the client */
  now: () => number = Date.now;
  private readonly windows = new Map<string, EndpointWindows>();
  private nextId = 1;

  private constructor(
    http: DeclaredFake,
    readonly apiKey: string,
    limits: FakeLimits,
  ) {
    super(http);
    this.limits = limits;
  }

  static async start(options: { apiKey: string; limits?: Partial<FakeLimits> }): Promise<ApolloFake> {
    return startDeclared<ApolloFake>(
      (self) => ({
        contentType: "application/json; charset=utf-8",
        errorBody: (rejected) => (rejected instanceof Rejection ? rejected.body : { error: rejected.message }),
        authorize: (request) => {
          if (request.headers["x-api-key"] !== self().apiKey) {
            throw new Rejection(401, "Invalid API key. See https://docs.apollo.io/reference/authentication for how to authenticate.", true, { "content-type": "text/plain" });
          }
        },
        routes: ApolloFake.routes(self),
      }),
      (http) => new ApolloFake(http, options.apiKey, { ...APOLLO_DEFAULT_LIMITS, ...options.limits }),
    );
  }

  /** the API base, as PLATFORM_API_BASE_URL */
  override get url(): string {
    return `${this.http.url}/api/v1`;
  }

  /** for closedAfterEachTest: a test passes only when this is empty */
  unexpectedRequests(): readonly string[] {
    return this.unexpected;
  }

  id(): string {
    return `66e${(this.nextId++).toString(16).padStart(21, "0")}`;
  }

  addContact(fields: Partial<FakeContact> & { first_name: string; last_name: string }, at: string): FakeContact {
    const contact: FakeContact = {
      id: this.id(),
      name: `${fields.first_name} ${fields.last_name}`,
      title: null,
      email: null,
      email_status: null,
      organization_name: null,
      organization_id: null,
      account_id: null,
      owner_id: null,
      contact_stage_id: null,
      linkedin_url: null,
      sanitized_phone: null,
      present_raw_address: null,
      created_at: at,
      updated_at: at,
      last_activity_date: null,
      emailer_campaign_ids: [],
      label_ids: [],
      ...fields,
    };
    this.contacts.set(contact.id, contact);
    return contact;
  }

  addAccount(fields: Partial<FakeAccount> & { name: string }, at: string): FakeAccount {
    const account: FakeAccount = {
      id: this.id(),
      domain: null,
      organization_id: null,
      owner_id: null,
      account_stage_id: null,
      phone: null,
      sanitized_phone: null,
      linkedin_url: null,
      raw_address: null,
      created_at: at,
      updated_at: at,
      last_activity_date: null,
      num_contacts: 0,
      label_ids: [],
      ...fields,
    };
    this.accounts.set(account.id, account);
    return account;
  }

  /**
   * One call to a rate-limited endpoint: counted in its windows (429 when one is full), its JSON
   * body parsed for `run`, and the windows' state in the headers of whatever it answers.
   */
  private windowed(endpoint: string, request: RecordedRequest, run: (body: unknown, request: RecordedRequest) => unknown): FakeAnswer {
    const windowHeaders = this.admit(endpoint);
    if (windowHeaders === undefined) {
      this.rejected429 += 1;
      return {
        status: 429,
        headers: this.headersFor(endpoint),
        body: { message: `The maximum number of api calls allowed for api/v1/${endpoint} is reached. Please upgrade your plan from https://app.apollo.io/#/settings/plans/upgrade.` },
      };
    }
    try {
      return { headers: windowHeaders, body: run(request.body === "" ? undefined : JSON.parse(request.body), request) };
    } catch (error) {
      if (error instanceof Rejection) throw new Rejection(error.status, error.body, error.expected, windowHeaders);
      const message = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") : String(error);
      throw new Rejection(422, { error: `Invalid parameters: ${message}` }, false, windowHeaders);
    }
  }

  // --- rate windows ---------------------------------------------------------------------------

  private windowsOf(endpoint: string): EndpointWindows {
    let state = this.windows.get(endpoint);
    if (state === undefined) {
      state = { starts: [] };
      this.windows.set(endpoint, state);
    }
    return state;
  }

  private used(endpoint: string, window: keyof FakeLimits, now: number): number {
    return this.windowsOf(endpoint).starts.filter((at) => at > now - this.windowMs[window]).length;
  }

  /** counts the request when every window has room; the headers after it, or undefined (429) */
  private admit(endpoint: string): Record<string, string> | undefined {
    const now = this.now();
    for (const window of ["minute", "hour", "day"] as const) {
      if (this.used(endpoint, window, now) >= this.limits[window]) return undefined;
    }
    this.windowsOf(endpoint).starts.push(now);
    return this.headersFor(endpoint);
  }

  private headersFor(endpoint: string): Record<string, string> {
    const now = this.now();
    const line = (window: keyof FakeLimits) => {
      const used = this.used(endpoint, window, now);
      return { limit: String(this.limits[window]), used: String(used), left: String(Math.max(0, this.limits[window] - used)) };
    };
    const minute = line("minute");
    const hour = line("hour");
    const day = line("day");
    return {
      "x-rate-limit-minute": minute.limit,
      "x-minute-usage": minute.used,
      "x-minute-requests-left": minute.left,
      "x-rate-limit-hourly": hour.limit,
      "x-hourly-usage": hour.used,
      "x-hourly-requests-left": hour.left,
      "x-rate-limit-24-hour": day.limit,
      "x-24-hour-usage": day.used,
      "x-24-hour-requests-left": day.left,
    };
  }

  // --- routes ---------------------------------------------------------------------------------

  private static routes(self: () => ApolloFake): FakeRoute[] {
    /** `path` below /api/v1, counted against `endpoint`'s rate windows (the path itself unless named) */
    const at = (method: string, path: string, run: (body: unknown, request: RecordedRequest) => unknown, endpoint = path): FakeRoute => ({
      method,
      path: `/api/v1/${path}`,
      handle: (r) => self().windowed(endpoint, r, run),
    });
    return [
      at("POST", "mixed_people/api_search", (b) => self().searchPeople(peopleSearchBody.parse(b))),
      at("POST", "mixed_companies/search", (b) => self().searchCompanies(companiesSearchBody.parse(b))),
      at("POST", "people/match", (b) => self().match(matchBody.parse(b))),
      at("POST", "people/bulk_match", (b) => self().bulkMatch(bulkMatchBody.parse(b))),
      at("GET", "organizations/enrich", (b, r) => self().enrich(b, r.query)),
      at("POST", "contacts/search", (b) => self().searchContacts(contactsSearchBody.parse(b))),
      at("POST", "contacts", (b) => self().createContact(contactBody.parse(b)), "contacts/create"),
      at("PATCH", "contacts/:id", (b, r) => self().updateContact(r.params.id ?? "", contactBody.parse(b)), "contacts/update"),
      at("POST", "accounts/search", (b) => self().searchAccounts(accountsSearchBody.parse(b))),
      at("POST", "accounts", (b) => self().createAccount(accountBody.parse(b)), "accounts/create"),
      at("PATCH", "accounts/:id", (b, r) => self().updateAccount(r.params.id ?? "", accountBody.parse(b)), "accounts/update"),
      at("POST", "emailer_campaigns/search", (b) => self().searchSequences(sequencesSearchBody.parse(b))),
      at("POST", "emailer_campaigns/:id/add_contact_ids", (b, r) => self().addContacts(r.params.id ?? "", addContactsBody.parse(b)), "emailer_campaigns/add_contact_ids"),
      at("GET", "email_accounts", () => ({ email_accounts: self().emailAccounts })),
      at("POST", "usage_stats/credit_usage_stats", (b) => self().creditUsage(b)),
      at("POST", "usage_stats/api_usage_stats", (b) => self().apiUsage(b)),
    ];
  }


  private paginate<T>(items: readonly T[], body: { page: number; per_page: number }): { pagination: unknown; slice: T[] } {
    // the display limit: Apollo shows at most 500 pages of 100 (50,000 records)
    if (body.page > 500) throw new Rejection(422, { error: "The page parameter must be less than or equal to 500" });
    const total = items.length;
    const start = (body.page - 1) * body.per_page;
    const visible = items.slice(0, 50_000);
    return {
      pagination: { page: body.page, per_page: body.per_page, total_entries: total, total_pages: Math.ceil(Math.min(total, 50_000) / body.per_page) },
      slice: visible.slice(start, start + body.per_page),
    };
  }

  private searchPeople(body: z.infer<typeof peopleSearchBody>): unknown {
    if (body.page > 500) throw new Rejection(422, { error: "The page parameter must be less than or equal to 500" });
    const lower = (values?: string[]) => values?.map((v) => v.toLowerCase());
    const titles = lower(body.person_titles);
    const domains = lower(body.q_organization_domains_list);
    const matching = this.people.filter(
      (p) =>
        (titles === undefined || titles.some((t) => p.title.toLowerCase().includes(t))) &&
        (domains === undefined || domains.includes(p.organization.primary_domain)) &&
        (body.person_seniorities === undefined || body.person_seniorities.includes(p.seniority)) &&
        (body.q_keywords === undefined || `${p.first_name} ${p.last_name} ${p.title}`.toLowerCase().includes(body.q_keywords.toLowerCase())),
    );
    const start = (body.page - 1) * body.per_page;
    return {
      total_entries: matching.length,
      people: matching.slice(start, start + body.per_page).map((p) => ({
        id: p.id,
        first_name: p.first_name,
        last_name_obfuscated: `${p.last_name.slice(0, 2)}***${p.last_name.slice(-1)}`,
        title: p.title,
        last_refreshed_at: "2026-11-04T23:20:32.690+00:00",
        has_email: true,
        has_city: true,
        has_state: false,
        has_country: true,
        has_direct_phone: "Yes",
        organization: { name: p.organization.name, has_industry: true, has_phone: false },
      })),
    };
  }

  private searchCompanies(body: z.infer<typeof companiesSearchBody>): unknown {
    const matching = this.organizations.filter(
      (o) =>
        (body.q_organization_name === undefined || o.name.toLowerCase().includes(body.q_organization_name.toLowerCase())) &&
        (body.q_organization_domains_list === undefined || body.q_organization_domains_list.includes(o.primary_domain)),
    );
    const { pagination, slice } = this.paginate(matching, body);
    this.creditsConsumed += 1;
    return { breadcrumbs: [], partial_results_only: false, pagination, accounts: [], organizations: slice.map((o) => ({ ...o, linkedin_url: null, state: null, phone: null })) };
  }

  private findPerson(detail: z.infer<typeof matchDetail>): FakePerson | undefined {
    return this.people.find(
      (p) =>
        (detail.id !== undefined && p.id === detail.id) ||
        (detail.email !== undefined && p.email === detail.email) ||
        (detail.linkedin_url !== undefined && p.linkedin_url === detail.linkedin_url) ||
        ((detail.last_name ?? detail.name?.split(" ").at(-1)) === p.last_name &&
          (detail.domain === p.organization.primary_domain || detail.organization_name === p.organization.name)),
    );
  }

  private enriched(person: FakePerson, revealPersonal: boolean): unknown {
    this.creditsConsumed += 1;
    return {
      id: person.id,
      first_name: person.first_name,
      last_name: person.last_name,
      name: `${person.first_name} ${person.last_name}`,
      title: person.title,
      headline: `${person.title} at ${person.organization.name}`,
      email: person.email,
      email_status: "verified",
      personal_emails: revealPersonal ? person.personal_emails : [],
      linkedin_url: person.linkedin_url,
      photo_url: null,
      twitter_url: null,
      city: person.city,
      state: null,
      country: person.country,
      organization_id: person.organization.id,
      organization: { id: person.organization.id, name: person.organization.name, primary_domain: person.organization.primary_domain, website_url: `http://www.${person.organization.primary_domain}` },
      employment_history: [],
    };
  }

  private checkReveal(body: { reveal_phone_number?: true; webhook_url?: string }): void {
    if (body.reveal_phone_number && body.webhook_url === undefined) {
      throw new Rejection(400, { error: "Please add a valid 'webhook_url' parameter when using 'reveal_phone_number'" });
    }
    if (body.webhook_url !== undefined) this.callbackUrls.push(body.webhook_url);
  }

  private match(body: z.infer<typeof matchBody>): unknown {
    this.checkReveal(body);
    const person = this.findPerson(body);
    return { person: person === undefined ? null : this.enriched(person, body.reveal_personal_emails === true) };
  }

  private bulkMatch(body: z.infer<typeof bulkMatchBody>): unknown {
    if (body.details.length > 10) throw new Rejection(422, { error: "You can only enrich up to 10 records at a time" });
    this.checkReveal(body);
    const before = this.creditsConsumed;
    const matches = body.details.map((detail) => {
      const person = this.findPerson(detail);
      return person === undefined ? null : this.enriched(person, body.reveal_personal_emails === true);
    });
    const found = matches.filter((m) => m !== null).length;
    return {
      status: "success",
      error_code: null,
      error_message: null,
      total_requested_enrichments: body.details.length,
      unique_enriched_records: found,
      missing_records: body.details.length - found,
      credits_consumed: this.creditsConsumed - before,
      matches,
    };
  }

  private enrich(body: unknown, query: URLSearchParams): unknown {
    if (body !== undefined) throw new Error("organization enrichment takes no body");
    const params = [...query.keys()];
    if (params.length !== 1 || params[0] !== "domain") throw new Error(`unexpected query ?${query.toString()}`);
    const organization = this.organizations.find((o) => o.primary_domain === query.get("domain"));
    if (organization === undefined) return {};
    this.creditsConsumed += 1;
    return { organization: { ...organization, linkedin_url: `http://www.linkedin.com/company/${organization.id}`, state: null, phone: null, keywords: [] } };
  }

  private sorted<T extends { id: string; created_at: string; updated_at: string; last_activity_date: string | null }>(items: T[], field: string | undefined, ascending: boolean | undefined): T[] {
    const key = (item: T): string =>
      field?.endsWith("_created_at") ? item.created_at : field?.endsWith("_last_activity_date") ? (item.last_activity_date ?? "") : item.updated_at;
    // Apollo's default order is newest first; sort_ascending applies only with sort_by_field
    const direction = field !== undefined && ascending === true ? 1 : -1;
    return [...items].sort((a, b) => direction * key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
  }

  private searchContacts(body: z.infer<typeof contactsSearchBody>): unknown {
    const q = body.q_keywords?.toLowerCase();
    const matching = [...this.contacts.values()].filter(
      (c) =>
        (q === undefined || [c.name, c.email, c.title, c.organization_name].some((v) => v?.toLowerCase().includes(q))) &&
        (body.contact_stage_ids === undefined || (c.contact_stage_id !== null && body.contact_stage_ids.includes(c.contact_stage_id))),
    );
    const { pagination, slice } = this.paginate(this.sorted(matching, body.sort_by_field, body.sort_ascending), body);
    return { breadcrumbs: [], pagination, contacts: slice };
  }

  private stamp(): string {
    return new Date(this.now()).toISOString();
  }

  private createContact(body: z.infer<typeof contactBody>): unknown {
    if (body.run_dedupe && body.email !== undefined) {
      const existing = [...this.contacts.values()].find((c) => c.email === body.email);
      if (existing !== undefined) return { contact: existing };
    }
    const at = this.stamp();
    const { label_names: _labels, run_dedupe: _dedupe, direct_phone, mobile_phone, website_url: _site, ...fields } = body;
    const contact = this.addContact(
      { first_name: fields.first_name ?? "", last_name: fields.last_name ?? "", ...fields, sanitized_phone: direct_phone ?? mobile_phone ?? null },
      at,
    );
    return { contact };
  }

  private updateContact(id: string, body: z.infer<typeof contactBody>): unknown {
    const contact = this.contacts.get(id);
    if (contact === undefined) throw new Rejection(404, { error: "Contact not found" }, true);
    const { label_names: _labels, run_dedupe: _dedupe, direct_phone, mobile_phone, website_url: _site, ...fields } = body;
    Object.assign(contact, fields, direct_phone ?? mobile_phone ? { sanitized_phone: direct_phone ?? mobile_phone } : {}, { updated_at: this.stamp() });
    contact.name = `${contact.first_name ?? ""} ${contact.last_name ?? ""}`.trim();
    return { contact };
  }

  private searchAccounts(body: z.infer<typeof accountsSearchBody>): unknown {
    const q = body.q_organization_name?.toLowerCase();
    const matching = [...this.accounts.values()].filter((a) => q === undefined || (a.name ?? "").toLowerCase().includes(q));
    const { pagination, slice } = this.paginate(this.sorted(matching, body.sort_by_field, body.sort_ascending), body);
    return { breadcrumbs: [], partial_results_only: false, pagination, accounts: slice };
  }

  private createAccount(body: z.infer<typeof accountBody>): unknown {
    if (body.name === undefined) throw new Error("name is required");
    return { account: this.addAccount({ ...body, name: body.name }, this.stamp()) };
  }

  private updateAccount(id: string, body: z.infer<typeof accountBody>): unknown {
    const account = this.accounts.get(id);
    if (account === undefined) throw new Rejection(404, { error: "Account not found" }, true);
    Object.assign(account, body, { updated_at: this.stamp() });
    return { account };
  }

  private searchSequences(body: z.infer<typeof sequencesSearchBody>): unknown {
    const matching = this.sequences.filter((s) => body.q_name === undefined || s.name.toLowerCase().includes(body.q_name.toLowerCase()));
    const { pagination, slice } = this.paginate(matching, body);
    return { breadcrumbs: [], pagination, emailer_campaigns: slice.map((s) => ({ ...s, last_used_at: null, unique_delivered: 0, unique_opened: 0, unique_replied: 0 })) };
  }

  private addContacts(sequenceId: string, body: z.infer<typeof addContactsBody>): unknown {
    if (body.emailer_campaign_id !== sequenceId) throw new Error("emailer_campaign_id differs from the path's sequence id");
    const sequence = this.sequences.find((s) => s.id === sequenceId);
    if (sequence === undefined) throw new Rejection(404, { error: "Sequence not found" }, true);
    if (!this.emailAccounts.some((account) => account.id === body.send_email_from_email_account_id)) throw new Rejection(422, { error: "Invalid email account" }, true);
    const added: FakeContact[] = [];
    for (const id of body.contact_ids) {
      const contact = this.contacts.get(id);
      if (contact === undefined) continue;
      const elsewhere = contact.emailer_campaign_ids.some((other) => other !== sequenceId);
      if (elsewhere && body.sequence_active_in_other_campaigns !== true) continue;
      if (!contact.emailer_campaign_ids.includes(sequenceId)) contact.emailer_campaign_ids.push(sequenceId);
      const list = this.enrolled.get(sequenceId) ?? [];
      list.push({ contactId: id, emailAccountId: body.send_email_from_email_account_id, status: body.status ?? "active" });
      this.enrolled.set(sequenceId, list);
      added.push(contact);
    }
    return { contacts: added, emailer_campaign: { ...sequence } };
  }

  private creditUsage(body: unknown): unknown {
    emptyBody.parse(body);
    return {
      credit_usage_stats: { lead_credit: { limit: 10_000, consumed: this.creditsConsumed, left_over: 10_000 - this.creditsConsumed }, direct_dial_credit: { limit: 1_000, consumed: 0, left_over: 1_000 } },
      current_credit_cycle: { start_date: "2026-11-01T00:00:00.000Z", end_date: "2026-12-01T00:00:00.000Z" },
    };
  }

  private apiUsage(body: unknown): unknown {
    emptyBody.parse(body);
    const now = this.now();
    const usage: Record<string, unknown> = {};
    for (const endpoint of this.windows.keys()) {
      const [resource, action] = endpoint.includes("/") ? [endpoint.slice(0, endpoint.lastIndexOf("/")), endpoint.slice(endpoint.lastIndexOf("/") + 1)] : [endpoint, "index"];
      const line = (window: keyof FakeLimits) => {
        const consumed = this.used(endpoint, window, now);
        return { limit: this.limits[window], consumed, left_over: this.limits[window] - consumed };
      };
      usage[JSON.stringify([`api/v1/${resource}`, action])] = { day: line("day"), hour: line("hour"), minute: line("minute") };
    }
    return usage;
  }
}
