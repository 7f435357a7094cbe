import { describe, expect, it } from "vitest";
import { addContactsToSequence } from "../../../services/platforms/apollo/tools/add-contacts-to-sequence.js";
import { createAccount } from "../../../services/platforms/apollo/tools/create-account.js";
import { createContact } from "../../../services/platforms/apollo/tools/create-contact.js";
import { enrichOrganization } from "../../../services/platforms/apollo/tools/enrich-organization.js";
import { getUsage } from "../../../services/platforms/apollo/tools/get-usage.js";
import { listEmailAccounts } from "../../../services/platforms/apollo/tools/list-email-accounts.js";
import { listSequences } from "../../../services/platforms/apollo/tools/list-sequences.js";
import { matchPeople } from "../../../services/platforms/apollo/tools/match-people.js";
import { searchAccounts } from "../../../services/platforms/apollo/tools/search-accounts.js";
import { searchContacts } from "../../../services/platforms/apollo/tools/search-contacts.js";
import { searchOrganizations } from "../../../services/platforms/apollo/tools/search-organizations.js";
import { searchPeople } from "../../../services/platforms/apollo/tools/search-people.js";
import { updateAccount } from "../../../services/platforms/apollo/tools/update-account.js";
import { updateContact } from "../../../services/platforms/apollo/tools/update-contact.js";
import { startedForEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { API_KEY, type Harness, WEBHOOK_URL, bodies, seedProspects, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => {
  h = started;
  seedProspects(h.fake);
});

describe("prospecting", () => {
  it("searches people for free with masked last names, and states the 50,000-record reach", async () => {
    const result = await h.call(searchPeople, { titles: ["sales"], organizationDomains: ["acme.com"], perPage: 1, page: 2 });
    expect(result.people).toEqual([expect.objectContaining({ firstName: "Omar", lastNameMasked: "Ha***d", title: "Sales Manager", organizationName: "Acme Corp" })]);
    expect(result.pagination).toEqual({ page: 2, perPage: 1, totalEntries: 2, reachableEntries: 2, hasMore: false });
    expect(bodies(h.fake, "mixed_people/api_search")).toEqual([{ person_titles: ["sales"], q_organization_domains_list: ["acme.com"], page: 2, per_page: 1 }]);
    expect(h.fake.requests[0]?.headers["x-api-key"]).toBe(API_KEY);
    expect(h.fake.creditsConsumed).toBe(0);
  });

  it("refuses to page past Apollo's 50,000-record display limit, sending nothing", () => {
    expect(() => searchPeople.input.parse({ page: 500, perPage: 100 })).not.toThrow();
    expect(() => searchPeople.input.parse({ page: 501, perPage: 100 })).toThrow();
    expect(() => searchOrganizations.input.parse({ page: 500, perPage: 101 })).toThrow();
    expect(searchPeople.description).toContain("50,000");
    expect(searchOrganizations.description).toContain("50,000");
  });

  it("searches organizations and says that a page costs a credit", async () => {
    const result = await h.call(searchOrganizations, { domains: ["acme.com"] });
    expect(result.organizations).toEqual([expect.objectContaining({ name: "Acme Corp", domain: "acme.com", employees: 420, url: expect.stringContaining("organizations/5e66b6381e05b4008c8331b8") })]);
    expect(result.pagination.totalEntries).toBe(1);
    expect(h.fake.creditsConsumed).toBe(1);
    expect(searchOrganizations.description).toMatch(/SPENDS CREDITS/);
    expect(searchOrganizations.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
  });

  it("matches one person through people/match and several through people/bulk_match", async () => {
    const one = await h.call(matchPeople, { people: [{ email: "jane.doe@acme.com" }], maxCredits: 1 });
    expect(one).toMatchObject({ people: [{ name: "Jane Doe", email: "jane.doe@acme.com", title: "VP Sales", organizationName: "Acme Corp" }], unmatched: 0, creditCeiling: 1 });
    const bulk = await h.call(matchPeople, { people: [{ name: "Omar Haddad", domain: "acme.com" }, { email: "nobody@acme.com" }, { linkedinUrl: "http://www.linkedin.com/in/li-wei" }], maxCredits: 3 });
    expect(bulk.people.map((p) => p.name)).toEqual(["Omar Haddad", "Li Wei"]);
    expect(bulk).toMatchObject({ unmatched: 1, creditsConsumed: 2, creditCeiling: 3 });
    expect(bodies(h.fake, "people/bulk_match")).toEqual([{ details: [{ name: "Omar Haddad", domain: "acme.com" }, { email: "nobody@acme.com" }, { linkedin_url: "http://www.linkedin.com/in/li-wei" }] }]);
  });

  it("refuses a match that could spend more than maxCredits, sending nothing", async () => {
    const error = await upstreamErrorOf(h.call(matchPeople, { people: [{ email: "jane.doe@acme.com" }, { email: "li.wei@acme.com" }], maxCredits: 1 }));
    expect(error.safeMessage).toMatch(/up to 2 credits, more than maxCredits 1/);
    const phones = await upstreamErrorOf(matchPeople.handler(matchPeople.input.parse({ people: [{ email: "jane.doe@acme.com" }], revealPhoneNumbers: true, maxCredits: 8 }), h.hookCtx));
    expect(phones.safeMessage).toMatch(/up to 9 credits/);
    expect(h.fake.requests).toEqual([]);
    expect(matchPeople.input.safeParse({ people: Array.from({ length: 11 }, () => ({ email: "a@b.co" })), maxCredits: 100 }).success).toBe(false);
    expect(matchPeople.description).toMatch(/SPENDS CREDITS/);
    expect(matchPeople.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
  });

  it("asks for phone numbers with a per-request callback URL under the integration's webhook URL", async () => {
    const first = await matchPeople.handler(matchPeople.input.parse({ people: [{ email: "jane.doe@acme.com" }], revealPhoneNumbers: true, maxCredits: 9 }), h.hookCtx);
    const second = await matchPeople.handler(matchPeople.input.parse({ people: [{ email: "li.wei@acme.com" }], revealPhoneNumbers: true, maxCredits: 9 }), h.hookCtx);
    expect(h.fake.callbackUrls).toHaveLength(2);
    const [a, b] = h.fake.callbackUrls.map((url) => new URL(url));
    expect(`${a!.origin}${a!.pathname}`).toBe(WEBHOOK_URL);
    expect(a!.searchParams.get("apollo_request")).toBe(first.phoneReveal?.requestId);
    expect(b!.searchParams.get("apollo_request")).toBe(second.phoneReveal?.requestId);
    expect(a!.searchParams.get("token")).not.toBe(b!.searchParams.get("token"));
    expect(bodies(h.fake, "people/match")[0]).toMatchObject({ email: "jane.doe@acme.com", reveal_phone_number: true, webhook_url: h.fake.callbackUrls[0] });
  });

  it("refuses phone numbers when no callback can be verified or reached", async () => {
    const noUrl = await upstreamErrorOf(h.call(matchPeople, { people: [{ email: "jane.doe@acme.com" }], revealPhoneNumbers: true, maxCredits: 9 }));
    expect(noUrl.safeMessage).toMatch(/no public webhook URL/);
    const noSecret = await startHarness({ APOLLO_API_KEY: API_KEY });
    try {
      const error = await upstreamErrorOf(matchPeople.handler(matchPeople.input.parse({ people: [{ email: "jane.doe@acme.com" }], revealPhoneNumbers: true, maxCredits: 9 }), noSecret.hookCtx));
      expect(error.safeMessage).toMatch(/APOLLO_WEBHOOK_TOKEN is not set/);
      expect(noSecret.fake.requests).toEqual([]);
    } finally {
      await noSecret.close();
    }
  });

  it("enriches an organization by domain within the credit cap, and refuses a cap below the price", async () => {
    const result = await h.call(enrichOrganization, { domain: "ACME.com", maxCredits: 1 });
    expect(result).toMatchObject({ found: true, organization: { name: "Acme Corp", foundedYear: 2011 }, creditCeiling: 1 });
    expect(h.fake.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual(["GET /api/v1/organizations/enrich?domain=acme.com"]);
    const refused = await upstreamErrorOf(h.call(enrichOrganization, { domain: "acme.com", maxCredits: 0 }));
    expect(refused.safeMessage).toMatch(/costs 1 credit, more than maxCredits 0/);
    expect(h.fake.requests).toHaveLength(1);
    expect(h.fake.creditsConsumed).toBe(1);
    expect((await h.call(enrichOrganization, { domain: "unknown.example", maxCredits: 1 })).found).toBe(false);
  });
});

describe("contacts and accounts", () => {
  it("creates (deduplicated), searches and updates contacts", async () => {
    const created = await h.call(createContact, { firstName: "Jane", lastName: "Doe", email: "jane.doe@acme.com", title: "VP Sales", organizationName: "Acme Corp", labelNames: ["Q4 targets"] });
    expect(created.contact).toMatchObject({ name: "Jane Doe", email: "jane.doe@acme.com", organizationName: "Acme Corp" });
    const again = await h.call(createContact, { firstName: "Jane", lastName: "Doe", email: "jane.doe@acme.com" });
    expect(again.contact.id).toBe(created.contact.id);
    expect(bodies(h.fake, "contacts")[0]).toEqual({ first_name: "Jane", last_name: "Doe", email: "jane.doe@acme.com", title: "VP Sales", organization_name: "Acme Corp", label_names: ["Q4 targets"], run_dedupe: true });

    const found = await h.call(searchContacts, { keywords: "jane", sortBy: "updated" });
    expect(found.contacts.map((c) => c.id)).toEqual([created.contact.id]);
    expect(bodies(h.fake, "contacts/search")).toEqual([{ q_keywords: "jane", sort_by_field: "contact_updated_at", page: 1, per_page: 25 }]);

    const updated = await h.call(updateContact, { id: created.contact.id, title: "CRO" });
    expect(updated.contact.title).toBe("CRO");
    expect(h.fake.requests.at(-1)).toMatchObject({ method: "PATCH", path: `/api/v1/contacts/${created.contact.id}` });
    expect(updateContact.input.safeParse({ id: created.contact.id }).success).toBe(false);
  });

  it("maps Apollo's 404 for an unknown contact to a typed error", async () => {
    const error = await upstreamErrorOf(h.call(updateContact, { id: "000000000000000000000000", title: "CRO" }));
    expect(error.status).toBe(404);
  });

  it("creates, searches and updates accounts", async () => {
    const { account } = await h.call(createAccount, { name: "Globex", domain: "globex.example", phone: "555-555-0172" });
    expect(account).toMatchObject({ name: "Globex", domain: "globex.example" });
    expect((await h.call(searchAccounts, { name: "glob" })).accounts.map((a) => a.id)).toEqual([account.id]);
    const updated = await h.call(updateAccount, { id: account.id, stageId: "61b8e913e0f4d2012e3af74e" });
    expect(updated.account.stageId).toBe("61b8e913e0f4d2012e3af74e");
  });
});

describe("sequences, mailboxes and usage", () => {
  it("lists sequences and adds contacts to one from a mailbox, reporting who Apollo skipped", async () => {
    h.fake.sequences.push({ id: "66e9e215ece19801b219997f", name: "Target Copywriting Clients", active: true, archived: false, created_at: "2026-09-17T20:09:57.837Z", num_steps: 3, user_id: "u1" });
    const jane = h.fake.addContact({ first_name: "Jane", last_name: "Doe" }, "2026-11-01T00:00:00.000Z");
    const busy = h.fake.addContact({ first_name: "Li", last_name: "Wei", emailer_campaign_ids: ["other-sequence"] }, "2026-11-01T00:00:00.000Z");
    const { sequences } = await h.call(listSequences, { name: "copywriting" });
    expect(sequences).toEqual([expect.objectContaining({ id: "66e9e215ece19801b219997f", active: true, steps: 3 })]);
    const { emailAccounts } = await h.call(listEmailAccounts, {});
    const result = await h.call(addContactsToSequence, { sequenceId: sequences[0]!.id, contactIds: [jane.id, busy.id], emailAccountId: emailAccounts[0]!.id });
    expect(result.added.map((c) => c.id)).toEqual([jane.id]);
    expect(result.notAdded).toEqual([busy.id]);
    expect(h.fake.enrolled.get(sequences[0]!.id)).toEqual([{ contactId: jane.id, emailAccountId: emailAccounts[0]!.id, status: "active" }]);
    expect(addContactsToSequence.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    expect(addContactsToSequence.description).toMatch(/NOTIFIES PEOPLE/);
  });

  it("reports credits left and each endpoint's windows", async () => {
    await h.call(enrichOrganization, { domain: "acme.com", maxCredits: 1 });
    const usage = await h.call(getUsage, {});
    expect(usage.credits).toContainEqual({ type: "lead_credit", limit: 10_000, consumed: 1, left: 9_999 });
    expect(usage.cycle).toEqual({ start: "2026-11-01T00:00:00.000Z", end: "2026-12-01T00:00:00.000Z" });
    expect(usage.endpoints).toContainEqual({ endpoint: "organizations/enrich", minute: { limit: 200, consumed: 1, left: 199 }, hour: { limit: 400, consumed: 1, left: 399 }, day: { limit: 2000, consumed: 1, left: 1999 } });
  });
});
