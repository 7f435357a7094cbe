import { describe, expect, it } from "vitest";
import { associateObjects } from "../../../services/platforms/hubspot/tools/associate-objects.js";
import { createObject } from "../../../services/platforms/hubspot/tools/create-object.js";
import { getObject } from "../../../services/platforms/hubspot/tools/get-object.js";
import { listAssociations } from "../../../services/platforms/hubspot/tools/list-associations.js";
import { searchObjects } from "../../../services/platforms/hubspot/tools/search-objects.js";
import { updateObject } from "../../../services/platforms/hubspot/tools/update-object.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, TOKEN, lastBody, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

describe("hubspot_search_objects", () => {
  it("sends query, filters, default properties and limit, and returns trimmed records with a cursor", async () => {
    for (let i = 0; i < 3; i += 1) {
      h.fake.addObject("contacts", { firstname: `Ada${i}`, lastname: "Lovelace", email: `ada${i}@example.com`, jobtitle: "", lifecyclestage: "lead" });
    }
    h.fake.addObject("contacts", { firstname: "Grace", lastname: "Hopper", email: "grace@example.com", lifecyclestage: "customer" });

    const first = await h.call(searchObjects, {
      objectType: "contacts",
      query: "lovelace",
      filters: [{ propertyName: "lifecyclestage", operator: "EQ", value: "lead" }],
      limit: 2,
    });

    const request = h.fake.requests.at(-1);
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/crm/v3/objects/contacts/search");
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(lastBody(h.fake)).toMatchObject({
      query: "lovelace",
      filterGroups: [{ filters: [{ propertyName: "lifecyclestage", operator: "EQ", value: "lead" }] }],
      limit: 2,
      properties: expect.arrayContaining(["email", "firstname", "lastname", "hubspot_owner_id"]),
    });
    expect(first.total).toBe(3);
    expect(first.results).toHaveLength(2);
    expect(first.nextCursor).toBe("2");
    const [ada] = first.results;
    expect(ada?.objectType).toBe("contacts");
    expect(ada?.properties).toMatchObject({ firstname: "Ada0", email: "ada0@example.com" });
    // empty and null properties, and hs_object_id (the id again), are left out
    expect(ada?.properties).not.toHaveProperty("jobtitle");
    expect(ada?.properties).not.toHaveProperty("phone");
    expect(ada?.properties).not.toHaveProperty("hs_object_id");

    const second = await h.call(searchObjects, { objectType: "contacts", query: "lovelace", limit: 2, after: first.nextCursor });
    expect(lastBody(h.fake)).toMatchObject({ after: "2" });
    expect(second.results.map((r) => r.properties.firstname)).toEqual(["Ada2"]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("omits filterGroups and sorts when none are given, and passes a sort and chosen properties through", async () => {
    h.fake.addObject("deals", { dealname: "Small", amount: "10" });
    h.fake.addObject("deals", { dealname: "Big", amount: "5000" });
    const result = await h.call(searchObjects, {
      objectType: "deals",
      sort: { propertyName: "amount", direction: "DESCENDING" },
      properties: ["dealname", "amount"],
    });
    const body = lastBody(h.fake) as Record<string, unknown>;
    expect(body).not.toHaveProperty("filterGroups");
    expect(body).toMatchObject({ sorts: [{ propertyName: "amount", direction: "DESCENDING" }], properties: ["dealname", "amount"], limit: 10 });
    expect(result.results.map((r) => r.properties.dealname)).toEqual(["Big", "Small"]);
  });

  it("repeats the search after a 502 from HubSpot (a read sent as POST) and answers", async () => {
    h.fake.addObject("companies", { name: "Acme" });
    h.fake.failNext({ status: 502, body: { status: "error", message: "Bad gateway" } }, "/crm/v3/objects/companies/search");
    const result = await h.call(searchObjects, { objectType: "companies", query: "acme" });
    expect(result.results.map((r) => r.properties.name)).toEqual(["Acme"]);
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", "/crm/v3/objects/companies/search", 502],
      ["POST", "/crm/v3/objects/companies/search", 200],
    ]);
    expect(h.fake.requests.map((r) => JSON.parse(r.body).query)).toEqual(["acme", "acme"]);
  });
});

describe("hubspot_get_object", () => {
  it("fetches by id with default properties and associations of the other types", async () => {
    const company = h.fake.addObject("companies", { name: "Acme", domain: "acme.test" });
    const contact = h.fake.addObject("contacts", { firstname: "Ada", email: "ada@acme.test" });
    h.fake.associate("companies", company.id, "contacts", contact.id, 280);
    h.fake.associate("companies", company.id, "contacts", contact.id, 2);

    const { record } = await h.call(getObject, { objectType: "companies", id: company.id });
    const request = h.fake.requests.at(-1);
    expect(request?.method).toBe("GET");
    expect(request?.path).toBe(`/crm/v3/objects/companies/${company.id}`);
    expect(request?.query.get("properties")?.split(",")).toEqual(expect.arrayContaining(["name", "domain", "industry"]));
    expect(request?.query.get("associations")?.split(",").sort()).toEqual(["contacts", "deals", "tickets"]);
    expect(record).toMatchObject({ id: company.id, properties: { name: "Acme", domain: "acme.test" } });
    // two association types to the same contact collapse to one id
    expect(record.associations).toEqual({ contacts: [contact.id] });
  });

  it("looks a contact up by email with idProperty", async () => {
    const contact = h.fake.addObject("contacts", { firstname: "Ada", email: "ada@acme.test" });
    const { record } = await h.call(getObject, { objectType: "contacts", id: "ada@acme.test", idProperty: "email", associations: [] });
    const request = h.fake.requests.at(-1);
    expect(request?.path).toBe("/crm/v3/objects/contacts/ada%40acme.test");
    expect(request?.query.get("idProperty")).toBe("email");
    expect(request?.query.has("associations")).toBe(false);
    expect(record.id).toBe(contact.id);
  });
});

describe("hubspot_create_object", () => {
  it("creates the record and then links it with default associations", async () => {
    const company = h.fake.addObject("companies", { name: "Acme" });
    const result = await h.call(createObject, {
      objectType: "contacts",
      properties: { email: "new@acme.test", firstname: "New" },
      associateWith: [{ objectType: "companies", id: company.id }],
    });
    const [create, link] = h.fake.requests.slice(-2);
    expect(create?.method).toBe("POST");
    expect(create?.path).toBe("/crm/v3/objects/contacts");
    expect(JSON.parse(create?.body ?? "")).toEqual({ properties: { email: "new@acme.test", firstname: "New" } });
    expect(link?.method).toBe("PUT");
    expect(link?.path).toBe(`/crm/v4/objects/contacts/${result.record.id}/associations/default/companies/${company.id}`);
    expect(result.record.properties).toMatchObject({ email: "new@acme.test", firstname: "New" });
    expect(result.associatedWith).toEqual([{ objectType: "companies", id: company.id }]);
    expect(h.fake.store("contacts").get(result.record.id)?.properties.email).toBe("new@acme.test");
  });

  it("does not repeat the create after a 502 (HubSpot may have created the record)", async () => {
    h.fake.failNext({ status: 502, body: { status: "error", message: "Bad gateway" } }, "/crm/v3/objects/deals");
    const error = await h.call(createObject, { objectType: "deals", properties: { dealname: "Once" } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "UpstreamError", status: 502, retryable: false });
    expect(h.fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([["POST", "/crm/v3/objects/deals", 502]]);
  });

  it("refuses an empty property set before calling HubSpot", async () => {
    await expect(h.call(createObject, { objectType: "deals", properties: {} })).rejects.toThrow(/at least one property/);
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe("hubspot_update_object", () => {
  it("PATCHes only the given properties and returns the updated record", async () => {
    const deal = h.fake.addObject("deals", { dealname: "Deal", dealstage: "appointmentscheduled", amount: "100" }, { updatedAt: "2026-01-01T00:00:00.000Z" });
    const { record } = await h.call(updateObject, { objectType: "deals", id: deal.id, properties: { dealstage: "closedwon" } });
    const request = h.fake.requests.at(-1);
    expect(request?.method).toBe("PATCH");
    expect(request?.path).toBe(`/crm/v3/objects/deals/${deal.id}`);
    expect(JSON.parse(request?.body ?? "")).toEqual({ properties: { dealstage: "closedwon" } });
    expect(record.properties).toMatchObject({ dealstage: "closedwon", amount: "100" });
    expect(Date.parse(record.updatedAt)).toBeGreaterThan(Date.parse("2026-01-01T00:00:00.000Z"));
  });
});

describe("associations", () => {
  it("hubspot_list_associations returns ids with labels and pages with the v4 cursor", async () => {
    const deal = h.fake.addObject("deals", { dealname: "Deal" });
    const contacts = [0, 1, 2].map((i) => h.fake.addObject("contacts", { firstname: `C${i}` }));
    for (const contact of contacts) h.fake.associate("deals", deal.id, "contacts", contact.id, 3);
    h.fake.associate("deals", deal.id, "contacts", contacts[0]?.id ?? "", 9, "Decision maker");

    const first = await h.call(listAssociations, { objectType: "deals", id: deal.id, toObjectType: "contacts", limit: 2 });
    expect(h.fake.requests.at(-1)?.path).toBe(`/crm/v4/objects/deals/${deal.id}/associations/contacts`);
    expect(h.fake.requests.at(-1)?.query.get("limit")).toBe("2");
    expect(first.results).toEqual([
      { id: contacts[0]?.id, labels: ["Decision maker"] },
      { id: contacts[1]?.id, labels: [] },
    ]);
    const second = await h.call(listAssociations, { objectType: "deals", id: deal.id, toObjectType: "contacts", limit: 2, after: first.nextCursor });
    expect(second.results.map((r) => r.id)).toEqual([contacts[2]?.id]);
    expect(second.nextCursor).toBeUndefined();
  });

  it("hubspot_associate_objects links once however often it is called", async () => {
    const contact = h.fake.addObject("contacts", { firstname: "Ada" });
    const company = h.fake.addObject("companies", { name: "Acme" });
    const input = { from: { objectType: "contacts", id: contact.id }, to: { objectType: "companies", id: company.id } } as const;
    const first = await h.call(associateObjects, input);
    await h.call(associateObjects, input);
    expect(first.associationTypeIds).toEqual([279]);
    expect(h.fake.associations.filter((a) => a.fromType === "contacts" && a.fromId === contact.id)).toHaveLength(1);
  });
});
