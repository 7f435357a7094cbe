/**
 * HubSpot's CRM syncs (contacts, companies and deals through POST /crm/v3/objects/{type}/search,
 * keyset on the last-modified property) against test/fakes/hubspot.ts, which checks the Bearer
 * token and the search body against HubSpot's documented request shape (strictly).
 */
import type { IntegrationSettings } from "../../services/fleet/schema.js";
import { definition } from "../../services/platforms/hubspot/index.js";
import { SYNC_PAGE_SIZE } from "../../services/platforms/hubspot/sync.js";
import { type FakeObjectType, HubspotFake } from "../../test/fakes/hubspot.js";
import { type SyncBenchCase, realPlatformClient, forwardTo, splitEvenly } from "./sync-case.js";

const TOKEN = "pat-na1-bench";
const OWNERS = ["Jane Doe", "Omar Haddad", "Li Wei"].map((name, i) => {
  const [firstName = name, lastName = ""] = name.split(" ");
  return { id: String(9100 + i), email: `${firstName.toLowerCase()}@ourco.example`, firstName, lastName, userId: 500 + i, archived: false };
});
const STAGES = ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "closedwon"];
/** each sync first reads the owners (one page here) and, for deals and tickets, that object's pipelines */
const lookupRequests = (objects: readonly FakeObjectType[]) => objects.length + objects.filter((o) => o === "deals" || o === "tickets").length;

/**
 * Each page after the first re-reads the newest record of the page before (the sync asks for
 * changes at or after it, GTE), so `pages` pages hold 100 + 99 * (pages - 1) distinct records.
 */
export function recordsForPages(pages: number): number {
  return SYNC_PAGE_SIZE + (SYNC_PAGE_SIZE - 1) * (pages - 1);
}

function properties(type: FakeObjectType, i: number): Record<string, string> {
  const owner = OWNERS[i % OWNERS.length]!.id;
  switch (type) {
    case "contacts":
      return { firstname: `Pat${i}`, lastname: "Example", email: `pat${i}@customer.example`, jobtitle: "Head of Operations", lifecyclestage: "lead", hubspot_owner_id: owner };
    case "companies":
      return { name: `Customer ${i} Ltd`, domain: `customer${i}.example`, industry: "COMPUTER_SOFTWARE", city: "Berlin", numberofemployees: String(50 + i), hubspot_owner_id: owner };
    default:
      return { dealname: `Customer ${i} renewal`, amount: String(10_000 + i), pipeline: "default", dealstage: STAGES[i % STAGES.length]!, closedate: "2026-12-31T00:00:00.000Z", hubspot_owner_id: owner };
  }
}

export function hubspotCrmCase(settings: IntegrationSettings, apiCallsPerMinute: number): SyncBenchCase {
  const objects = (settings.sync_objects ?? []) as FakeObjectType[];
  return {
    name: `HubSpot ${objects.join(" + ")} (search, concurrently)`,
    platform: "hubspot",
    apiCallsPerMinute,
    note:
      `HubSpot: the configured objects (${objects.join(", ")}) sync at once over one client, as on a shared schedule tick; ` +
      "every record has its own last-modified millisecond, so each page after the first re-reads one record (keyset GTE).",
    async start(requests) {
      const fake = await HubspotFake.start({ token: TOKEN });
      fake.owners = OWNERS;
      fake.pipelines.deals = [
        { id: "default", label: "Sales Pipeline", displayOrder: 0, archived: false, stages: STAGES.map((id, i) => ({ id, label: id, displayOrder: i, archived: false, metadata: {} })) },
      ];
      const searchRequests = Math.max(2 * objects.length, requests - lookupRequests(objects));
      const pages = splitEvenly(searchRequests, objects.length);
      const base = Date.parse("2026-01-01T00:00:00.000Z");
      let expectedRecords = 0;
      objects.forEach((type, t) => {
        const count = recordsForPages(pages[t]!);
        expectedRecords += count;
        for (let i = 0; i < count; i++) {
          const at = new Date(base + i * 1000).toISOString();
          fake.addObject(type, properties(type, i), { createdAt: at, updatedAt: at });
        }
      });
      const credentials = { HUBSPOT_ACCESS_TOKEN: TOKEN };
      return {
        handler: forwardTo(fake.url),
        ...realPlatformClient(definition, credentials, settings),
        expectedRecords,
        expectedRequests: searchRequests + lookupRequests(objects),
        problems: () => fake.unexpected,
        close: () => fake.close(),
      };
    },
  };
}
